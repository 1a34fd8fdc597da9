#!/usr/bin/env python3
"""Makes the JWT fixtures in tokens.json with a real JWT library (PyJWT), so the sanitizer is tested on tokens
that real issuers produce, not on tokens built by the code under test.

    pip install pyjwt cryptography
    python3 make_jwts.py            # writes tokens.json next to this script

Every value is fake: reserved domains (.test), fictional names, a UK drama-range phone number, a throwaway HMAC
secret and keys generated on each run. Signatures differ between runs (fresh RSA key, randomized ECDSA), the claims
do not.

Each entry of tokens.json:
    name           what the token stands for
    token          the compact JWS
    kept           {"header": {...}, "payload": {...}}: what must survive sanitizing unchanged
    pseudonymized  payload claims that must change and keep nothing of their original value: a claim name, or
                   for a nested claim its path as a list of names
"""

import json
import pathlib

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

HMAC_SECRET = "casebook-fixture-hmac-secret-not-a-real-one-0000"
ISSUED_AT = 1781000000  # a fixed clock, so the claims are the same on every run


class RawUTF8Encoder(json.JSONEncoder):
    """Writes non-ASCII as raw UTF-8, as jose (Node) and most Go and Java libraries do; PyJWT escapes it."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def times(lifetime=3600):
    return {"iat": ISSUED_AT, "nbf": ISSUED_AT, "exp": ISSUED_AT + lifetime}


def fixtures():
    return [
        # A first-party API token: HMAC, string aud, space-separated scope.
        dict(
            name="hs256-api",
            alg="HS256",
            headers={"kid": "fixture-hs-2026-01", "typ": "JWT"},
            payload={
                "iss": "https://auth.acme-widgets.test/",
                "aud": "orders-api",
                **times(),
                "scope": "orders:read orders:write",
                "sub": "auth0|64f1c2d9e8b7a6f5e4d3c2b1",
                "email": "marguerite.fontaine@acme-widgets.test",
                "name": "Marguerite Fontaine",
                "jti": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            },
            kept=["iss", "aud", "iat", "nbf", "exp", "scope"],
            pseudonymized=["sub", "email", "name", "jti"],
        ),
        # An Entra ID style access token: RS256, x5t header, aud list, scp, oid/sid, roles and groups.
        dict(
            name="rs256-entra",
            alg="RS256",
            headers={"kid": "fixture-rs-nOo3ZDrODXEK1jKWhXslHR", "typ": "JWT", "x5t": "fixture-rs-nOo3ZDrODXEK1jKWhXslHR"},
            payload={
                "iss": "https://login.identity.test/0d9f4e2a-1c3b-4a5d-8e7f-000000000001/v2.0",
                "aud": ["api://orders-api", "https://graph.identity.test"],
                **times(5400),
                "azp": "3f2a1b0c-9d8e-4f7a-b6c5-000000000002",
                "scp": "Orders.Read User.Read",
                "tid": "0d9f4e2a-1c3b-4a5d-8e7f-000000000001",
                "roles": ["Orders.Admin"],
                "oid": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
                "sid": "002c4a9e-6b1f-4d3e-9a8b-7c6d5e4f3a2b",
                "name": "Theodore Blackwood",
                "preferred_username": "theodore.blackwood@acme-widgets.test",
                "upn": "theodore.blackwood@acme-widgets.test",
            },
            kept=["iss", "aud", "iat", "nbf", "exp", "azp", "scp", "tid", "roles"],
            pseudonymized=["oid", "sid", "name", "preferred_username", "upn"],
        ),
        # A Keycloak style token: ES256, typ at+jwt, aud list, and a nested custom claim with an email and a phone.
        dict(
            name="es256-keycloak-nested",
            alg="ES256",
            headers={"kid": "fixture-ec-kc-7Hq2", "typ": "at+jwt"},
            payload={
                "iss": "https://sso.acme-widgets.test/realms/shop",
                "aud": ["account", "orders-api"],
                **times(300),
                "azp": "web-frontend",
                "scope": "openid profile email",
                "sub": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
                "sid": "b6f1e0a2-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
                "preferred_username": "rosalind.pemberton",
                "email": "rosalind.pemberton@acme-widgets.test",
                "name": "Rosalind Pemberton",
                "contact": {"email": "rosalind.home@mailbox.test", "phone": "+44 20 7946 0958"},
            },
            kept=["iss", "aud", "iat", "nbf", "exp", "azp", "scope"],
            pseudonymized=["sub", "sid", "preferred_username", "email", "name", ["contact", "email"], ["contact", "phone"]],
        ),
        # A Google style ID token: RS256, numeric-string sub, email_verified, at_hash, and a name PyJWT escapes.
        dict(
            name="rs256-idtoken-escaped-unicode",
            alg="RS256",
            headers={"kid": "fixture-rs-g-41f0", "typ": "JWT"},
            payload={
                "iss": "https://accounts.identity.test",
                "aud": "123456789012-fixture.apps.identity.test",
                "azp": "123456789012-fixture.apps.identity.test",
                **times(),
                "sub": "110169484474386276334",
                "email": "zoe.angstrom@mailbox.test",
                "email_verified": True,
                "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q",
                "name": "Zoë Ångström-Müller",
                "given_name": "Zoë",
                "family_name": "Ångström-Müller",
                "locale": "sv",
            },
            kept=["iss", "aud", "azp", "iat", "nbf", "exp", "email_verified", "at_hash", "locale"],
            pseudonymized=["sub", "email", "name", "given_name", "family_name"],
        ),
        # The same kind of token as a library that writes raw UTF-8 makes it.
        dict(
            name="hs256-raw-utf8",
            alg="HS256",
            headers={"kid": "fixture-hs-utf8", "typ": "JWT"},
            payload={
                "iss": "https://auth.acme-widgets.test/",
                "aud": "support-portal",
                **times(),
                "scope": "tickets:read",
                "sub": "user_2Nf8Qp4LxT7vW1kZ",
                "name": "Ingrid Sjöström-Ødegård",
                "preferred_username": "ingrid.sjöström",
                "email": "ingrid.odegard@mailbox.test",
            },
            encoder=RawUTF8Encoder,
            kept=["iss", "aud", "iat", "nbf", "exp", "scope"],
            pseudonymized=["sub", "name", "preferred_username", "email"],
        ),
        # Empty claims: an empty identity value has nothing to hide and must stay empty.
        dict(
            name="es256-empty-claims",
            alg="ES256",
            headers={"kid": "fixture-ec-empty", "typ": "JWT"},
            payload={
                "iss": "https://auth.acme-widgets.test/",
                "aud": "",
                **times(),
                "scope": "",
                "sub": "svc-batch-exporter-0042",
                "name": "",
                "email": "",
                "jti": "c0ffee00-0000-4000-8000-00000000beef",
            },
            kept=["iss", "aud", "iat", "nbf", "exp", "scope", "name", "email"],
            pseudonymized=["sub", "jti"],
        ),
        # An Okta style token: scp as a list, cid, uid, and a namespaced custom claim.
        dict(
            name="rs256-okta-scp-list",
            alg="RS256",
            headers={"kid": "fixture-rs-okta-Yb3x", "typ": "JWT"},
            payload={
                "ver": 1,
                "iss": "https://acme-widgets.okta.test/oauth2/default",
                "aud": "api://default",
                **times(),
                "cid": "0oa1fixture2cl13nt3",
                "scp": ["openid", "email", "orders.read"],
                "uid": "00u1fixtureUs3r1d2x3",
                "sub": "bartholomew.quince@acme-widgets.test",
                "https://acme-widgets.test/claims": {"employee_email": "b.quince@acme-widgets.test", "tier": "gold"},
            },
            kept=["ver", "iss", "aud", "iat", "nbf", "exp", "cid", "scp"],
            pseudonymized=["uid", "sub", ["https://acme-widgets.test/claims", "employee_email"]],
        ),
        # A minimal service token: HS256, aud list of one, no scope, a short sub.
        dict(
            name="hs256-minimal",
            alg="HS256",
            headers={"kid": "fixture-hs-min", "typ": "JWT"},
            payload={
                "iss": "billing-service",
                "aud": ["ledger-service"],
                **times(60),
                "sub": "cornelius",
                "jti": "9b2f4d6e8a0c",
            },
            kept=["iss", "aud", "iat", "nbf", "exp"],
            pseudonymized=["sub", "jti"],
        ),
    ]


def main():
    rsa_key = None
    entries = []
    for fixture in fixtures():
        alg = fixture["alg"]
        key = {"HS256": HMAC_SECRET}.get(alg)
        if key is None:
            # Keys are generated once per algorithm and run; their private halves are never written.
            if alg == "RS256":
                rsa_key = rsa_key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
                key = rsa_key
            else:
                key = ec.generate_private_key(ec.SECP256R1())
        token = jwt.encode(
            fixture["payload"], key, algorithm=alg, headers=fixture["headers"], json_encoder=fixture.get("encoder")
        )
        header = jwt.get_unverified_header(token)
        assert header["alg"] == alg and header["kid"] == fixture["headers"]["kid"]
        payload = fixture["payload"]
        entries.append(
            {
                "name": fixture["name"],
                "token": token,
                "kept": {
                    "header": {name: header[name] for name in ("alg", "typ", "kid") if name in header},
                    "payload": {name: payload[name] for name in fixture["kept"]},
                },
                "pseudonymized": fixture["pseudonymized"],
            }
        )
    kids = [entry["kept"]["header"]["kid"] for entry in entries]
    assert len(set(kids)) == len(kids), "kid identifies a fixture: keep them unique"
    out = pathlib.Path(__file__).with_name("tokens.json")
    out.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} tokens to {out}")


if __name__ == "__main__":
    main()
