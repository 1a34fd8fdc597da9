#!/usr/bin/env python3
"""Checks sanitized JWTs with PyJWT, an implementation independent of the sanitizer.

    python3 -c 'import json; [print(e["token"]) for e in json.load(open("tokens.json"))]' \\
        | casebook sanitize | python3 check_with_pyjwt.py

Reads text on stdin and takes every compact JWS in it (one a line is typical). Each token is matched to its
fixture in tokens.json by its header's kid (the fixtures' kids are unique, and kid is kept), then:
  - PyJWT decodes header and payload (signature not verified): the token is still a well-formed JWT;
  - the kept header and payload claims are unchanged;
  - the pseudonymized claims changed;
  - the signature changed, kept its length, and (for HS256, whose fixture secret is known) does not verify.
Exits 1 when a check fails or no token is found.
"""

import base64
import json
import pathlib
import re
import sys

import jwt

from make_jwts import HMAC_SECRET

JWS = re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def value_at(claims, path):
    for key in path:
        if not isinstance(claims, dict) or key not in claims:
            return None
        claims = claims[key]
    return claims


def lenient_decode(segment):
    """base64url JSON, accepting what strict decoders reject, so the claims can still be checked."""
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def check(token, fixture):
    problems = []
    try:
        header = jwt.get_unverified_header(token)
        payload = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        problems.append(f"PyJWT rejects it: {error}")
        header, payload = (lenient_decode(segment) for segment in token.split(".")[:2])
    original_payload = jwt.decode(fixture["token"], options={"verify_signature": False})
    for name, expected in fixture["kept"]["header"].items():
        if header.get(name) != expected:
            problems.append(f"header {name}: {header.get(name)!r} != {expected!r}")
    for name, expected in fixture["kept"]["payload"].items():
        if payload.get(name) != expected:
            problems.append(f"claim {name}: {payload.get(name)!r} != {expected!r}")
    for entry in fixture["pseudonymized"]:
        path = entry if isinstance(entry, list) else [entry]
        after = value_at(payload, path)
        if after is None:
            problems.append(f"claim {'.'.join(path)} is gone")
        elif after == value_at(original_payload, path):
            problems.append(f"claim {'.'.join(path)} unchanged")
    signature, original_signature = token.rsplit(".", 1)[1], fixture["token"].rsplit(".", 1)[1]
    if signature == original_signature:
        problems.append("signature unchanged")
    if len(signature) != len(original_signature):
        problems.append(f"signature length {len(signature)} != {len(original_signature)}")
    if header.get("alg") == "HS256":
        try:
            jwt.decode(token, HMAC_SECRET, algorithms=["HS256"], options={"verify_aud": False, "verify_exp": False})
            problems.append("signature still verifies")
        except jwt.InvalidSignatureError:
            pass
        except jwt.PyJWTError:
            pass  # already reported as undecodable
    return problems


def main():
    fixtures = json.loads(pathlib.Path(__file__).with_name("tokens.json").read_text(encoding="utf-8"))
    by_kid = {fixture["kept"]["header"]["kid"]: fixture for fixture in fixtures}
    tokens = JWS.findall(sys.stdin.read())
    if not tokens:
        print("no JWT found on stdin")
        return 1
    failures = 0
    for token in tokens:
        try:
            kid = lenient_decode(token.split(".")[0]).get("kid")
        except ValueError:
            kid = None
        fixture = by_kid.get(kid)
        problems = check(token, fixture) if fixture else [f"no fixture with kid {kid!r}"]
        name = fixture["name"] if fixture else token[:20] + "..."
        print(f"{'ok  ' if not problems else 'FAIL'} {name}" + "".join(f"\n       {p}" for p in problems))
        failures += bool(problems)
    print(f"{len(tokens) - failures}/{len(tokens)} tokens pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
