import { testRule } from './test-support/rule-tester.js';
import rule from './jwt-verification-config.js';

const F = 'backend/app/auth.py';
const SPEC = `---
verification:
  mode: shared-secret
  algorithms: [HS256]
  issuer: todo-frontend
  audience: todo-api
---

# Authentication
`;
const withSpec = (py: string): Record<string, string> => ({ [F]: py, 'specs/features/authentication.md': SPEC });
const HEAD = 'import jwt\nimport os\nSECRET = os.environ["BETTER_AUTH_SECRET"]\n';
const JOSERFC = 'import os\nfrom joserfc import jwt\nfrom joserfc.jwk import OctKey\nKEY = OctKey.import_key(os.environ["BETTER_AUTH_SECRET"])\n';

testRule(rule, {
  valid: [
    {
      name: 'options imported from another module that keep every check on',
      files: {
        'backend/app/__init__.py': '',
        'backend/app/config.py': 'DECODE_OPTIONS = {"verify_exp": True, "require": ["exp", "sub"]}\nOTHER = {"verify_exp": False}\nOTHER = {"require": ["exp"]}\n',
        [F]: HEAD + 'from app.config import DECODE_OPTIONS, OTHER\n\ndef verify(token):\n    jwt.decode(token, SECRET, algorithms=["HS256"], issuer="todo-frontend", audience="todo-api", options=OTHER)\n    return jwt.decode(token, SECRET, algorithms=["HS256"], issuer="todo-frontend", audience="todo-api", options=DECODE_OPTIONS)\n',
        'specs/features/authentication.md': SPEC,
      },
    },
    {
      name: 'PyJWT and python-jose given the allow-list and options positionally: decode(token, key, algorithms, options) (found by probing: reported as having no allow-list)',
      files: withSpec(HEAD + 'from jose import jwt as jose_jwt\n\ndef verify(token):\n    jwt.decode(token, SECRET, ["HS256"], {"require": ["exp"]}, issuer="todo-frontend", audience="todo-api")\n    return jose_jwt.decode(token, SECRET, ["HS256"], issuer="todo-frontend", audience="todo-api")\n'),
    },
    {
      name: 'an unverified peek at the issuer to pick the key, then a verified decode of the same token (found by probing)',
      files: withSpec(HEAD + 'CLIENTS = {}\n\ndef verify(token):\n    unverified = jwt.decode(token, options={"verify_signature": False})\n    key = CLIENTS[unverified["iss"]].get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=["HS256"], issuer="todo-frontend", audience="todo-api")\n'),
    },
    {
      name: 'allow-list constants imported from another module (a list, and one algorithm named in the list)',
      files: {
        'backend/app/__init__.py': '',
        'backend/app/security.py': 'ALGORITHMS = ["HS256"]\nALGORITHM = "HS256"\n',
        [F]: HEAD + 'from app.security import ALGORITHMS\nfrom app import security\n\ndef verify(token):\n    jwt.decode(token, SECRET, algorithms=ALGORITHMS, issuer="todo-frontend", audience="todo-api")\n    return jwt.decode(token, SECRET, algorithms=[security.ALGORITHM], issuer="todo-frontend", audience="todo-api")\n',
        'specs/features/authentication.md': SPEC,
      },
    },
    {
      name: 'PyJWT with the spec algorithms, issuer and audience',
      files: withSpec(HEAD + 'def verify(token):\n    return jwt.decode(token, SECRET, algorithms=["HS256"], issuer="todo-frontend", audience="todo-api", options={"require": ["exp", "sub"]})\n'),
    },
    {
      name: 'allow-list in a module constant, python-jose alias, no spec (defaults)',
      files: {
        [F]: 'from jose import jwt as jose_jwt\nALGORITHMS = ["EdDSA"]\n\ndef verify(token, key):\n    return jose_jwt.decode(token, key, algorithms=ALGORITHMS)\n',
      },
    },
    {
      name: 'a decode that is not a JWT decode',
      files: { [F]: 'import base64\n\ndef f(b):\n    return b.decode("utf-8"), base64.b64decode(b)\n' },
    },
    {
      name: 'options in a variable, dict() and PyJWT(options=...) that keep verification on; a later item assignment does not count',
      files: {
        [F]:
          HEAD +
          'from jwt import PyJWT\n' +
          'OPTS = {"require": ["exp", "sub"]}\n' +
          'decoder = PyJWT(options={"verify_exp": True})\n' +
          'def a(token):\n' +
          '    opts = {"verify_exp": False}\n' +
          '    opts["verify_exp"] = True\n' +
          '    return jwt.decode(token, SECRET, algorithms=["HS256"], options=opts)\n' +
          'def b(token):\n' +
          '    return jwt.decode(token, SECRET, algorithms=["HS256"], options=dict(require=["exp"]))\n' +
          'def c(token):\n' +
          '    opts = dict(OPTS)\n' +
          '    result = jwt.decode(token, SECRET, algorithms=["HS256"], options=opts)\n' +
          '    opts["verify_signature"] = False\n' +
          '    return result\n',
      },
    },
    {
      name: 'authlib: JsonWebToken with the spec algorithms, claims validated, iss and aud with values',
      files: withSpec(
        'import os\nfrom authlib.jose import JsonWebToken\n' +
          'SECRET = os.environ["BETTER_AUTH_SECRET"]\n' +
          'jwt = JsonWebToken(["HS256"])\n' +
          'verifier = JsonWebToken(algorithms=["HS256"])\n' +
          'CLAIMS = {"iss": {"essential": True, "value": "todo-frontend"}, "aud": {"essential": True, "values": ["todo-api"]}}\n' +
          'def a(token):\n' +
          '    claims = jwt.decode(token, SECRET, claims_options=CLAIMS)\n' +
          '    claims.validate()\n' +
          '    return claims["sub"]\n' +
          'def b(token):\n' +
          '    claims = verifier.decode(token, SECRET, claims_options={"iss": {"value": "todo-frontend"}, "aud": {"value": "todo-api"}})\n' +
          '    claims.validate(leeway=30)\n' +
          '    return claims["sub"]\n' +
          'def c(token):\n' +
          '    return verifier.decode(token, SECRET, claims_options=CLAIMS)\n',
      ),
    },
    {
      name: 'joserfc: claims validated by a JWTClaimsRegistry with iss and aud values (in the function, a module registry, a helper, a caller; registry= allow-list)',
      files: {
        'backend/app/__init__.py': '',
        'backend/app/claims.py': 'from joserfc.jwt import JWTClaimsRegistry\nREGISTRY = JWTClaimsRegistry(iss={"value": "todo-frontend"}, aud={"value": "todo-api"})\n\ndef check(claims):\n    REGISTRY.validate(claims)\n',
        [F]:
          JOSERFC +
          'from joserfc.jwt import JWTClaimsRegistry, decode as jose_decode\n' +
          'from joserfc.jws import JWSRegistry\n' +
          'from app.claims import check\n' +
          'CLAIMS = JWTClaimsRegistry(exp={"essential": True}, iss={"essential": True, "value": "todo-frontend"}, aud={"essential": True, "values": ["todo-api"]})\n' +
          'HS = JWSRegistry(algorithms=["HS256"])\n' +
          'def a(value):\n' +
          '    token = jwt.decode(value, KEY, algorithms=["HS256"])\n' +
          '    claims_requests = jwt.JWTClaimsRegistry(exp={"essential": True}, iss={"essential": True, "value": "todo-frontend"}, aud={"essential": True, "value": "todo-api"})\n' +
          '    claims_requests.validate(token.claims)\n' +
          '    return token.claims\n' +
          'def b(value):\n' +
          '    claims = jose_decode(value, KEY, registry=HS).claims\n' +
          '    CLAIMS.validate(claims)\n' +
          '    return claims["sub"]\n' +
          'def c(value):\n' +
          '    return JWTClaimsRegistry(iss={"value": "todo-frontend"}, aud={"value": "todo-api"}).validate(jwt.decode(value, KEY, ["HS256"]).claims)\n' +
          'def _decode(value):\n' +
          '    return jwt.decode(value, KEY, algorithms=["HS256"])\n' +
          'def d(value):\n' +
          '    token = _decode(value)\n' +
          '    CLAIMS.validate(token.claims)\n' +
          '    return token.claims["sub"]\n' +
          'def e(value):\n' +
          '    token = jwt.decode(value, KEY, algorithms=["HS256"])\n' +
          '    claims = dict(token.claims)\n' +
          '    check(claims)\n' +
          '    return claims\n',
        'specs/features/authentication.md': SPEC,
      },
    },
    {
      name: 'joserfc without a spec: an EdDSA allow-list and exp validated (no issuer or audience asked for)',
      files: {
        [F]: 'from joserfc import jwt\nfrom joserfc.jwt import JWTClaimsRegistry\n\ndef verify(value, key_set):\n    token = jwt.decode(value, key_set, algorithms=["EdDSA"])\n    JWTClaimsRegistry(exp={"essential": True}).validate(token.claims)\n    return token.claims\n',
      },
    },
  ],
  invalid: [
    {
      name: 'options defined in another module or a settings class turn verification off (found by probing: only local option dicts were read)',
      files: {
        'backend/app/__init__.py': '',
        'backend/app/config.py': 'from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    JWT_OPTIONS: dict = {"verify_exp": False, "require": ["sub"]}\n\nsettings = Settings()\nDECODE_OPTIONS = dict(verify_signature=False)\n',
        [F]: HEAD + 'from app.config import settings, DECODE_OPTIONS\nfrom app import config\n\ndef verify(token):\n    jwt.decode(token, SECRET, algorithms=["HS256"], issuer="todo-frontend", audience="todo-api", options=settings.JWT_OPTIONS)\n    jwt.decode(token, SECRET, algorithms=["HS256"], issuer="todo-frontend", audience="todo-api", options=DECODE_OPTIONS)\n    return jwt.decode(token, SECRET, algorithms=["HS256"], issuer="todo-frontend", audience="todo-api", options=config.DECODE_OPTIONS)\n',
        'specs/features/authentication.md': SPEC,
      },
      errors: [
        { line: 8, file: F, messageIncludes: 'verify_exp False accepts expired tokens (options settings.JWT_OPTIONS, set in backend/app/config.py:4)' },
        { line: 9, file: F, messageIncludes: 'verify_signature False accepts forged tokens (options DECODE_OPTIONS, set in backend/app/config.py:7)' },
        { line: 10, file: F, messageIncludes: 'verify_signature False' },
      ],
    },
    {
      name: 'a positional allow-list or options are judged like keywords: none in the list, verify_exp turned off',
      files: withSpec(HEAD + 'def verify(token):\n    jwt.decode(token, SECRET, ["HS256", "none"], issuer="todo-frontend", audience="todo-api")\n    return jwt.decode(token, SECRET, ["HS256"], {"verify_exp": False}, issuer="todo-frontend", audience="todo-api")\n'),
      errors: [
        { line: 5, messageIncludes: 'none' },
        { line: 6, messageIncludes: 'verify_exp' },
      ],
    },
    {
      name: 'an unverified decode with no verified decode of that token after it is judged (a peek needs the verified decode)',
      files: withSpec(HEAD + 'def verify(token, other):\n    claims = jwt.decode(token, options={"verify_signature": False})\n    jwt.decode(other, SECRET, algorithms=["HS256"], issuer="todo-frontend", audience="todo-api")\n    return claims\n'),
      errors: [
        { line: 5, file: F, messageIncludes: 'no explicit algorithms= allow-list' },
        { line: 5, file: F, messageIncludes: 'verify_signature False' },
        { line: 5, file: F, messageIncludes: 'does not check the issuer' },
        { line: 5, file: F, messageIncludes: 'does not check the audience' },
      ],
    },
    {
      name: 'allow-list constants imported from another module: one with none, one algorithm the spec does not allow (found by probing)',
      files: {
        'backend/app/__init__.py': '',
        'backend/app/security.py': 'ALGORITHMS = ["HS256", "none"]\nALGORITHM = "RS256"\n',
        [F]: HEAD + 'from app.security import ALGORITHMS\nfrom app import security\n\ndef verify(token):\n    jwt.decode(token, SECRET, algorithms=ALGORITHMS, issuer="todo-frontend", audience="todo-api")\n    return jwt.decode(token, SECRET, algorithms=[security.ALGORITHM], issuer="todo-frontend", audience="todo-api")\n',
        'specs/features/authentication.md': SPEC,
      },
      errors: [
        { line: 8, file: F, messageIncludes: 'allows the "none" algorithm' },
        { line: 9, file: F, messageIncludes: 'allows RS256, but the spec allows only HS256' },
      ],
    },
    {
      name: 'no allow-list; none; algorithm from header',
      files: {
        [F]:
          HEAD +
          'def a(token):\n    return jwt.decode(token, SECRET)\n' + // line 5
          'def b(token):\n    return jwt.decode(token, SECRET, algorithms=["HS256", "none"])\n' + // line 7
          'def c(token):\n    return jwt.decode(token, SECRET, algorithms=[jwt.get_unverified_header(token)["alg"]])\n', // line 9
      },
      errors: [
        { line: 5, column: 12, messageIncludes: 'no explicit algorithms' },
        { line: 7, messageIncludes: '"none"' },
        { line: 9, messageIncludes: 'token header' },
      ],
    },
    {
      name: 'verification switched off',
      files: {
        [F]:
          HEAD +
          'def a(token):\n    return jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_signature": False})\n' +
          'def b(token):\n    return jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False, "verify_aud": False})\n' +
          'def c(token):\n    return jwt.decode(token, SECRET, algorithms=["HS256"], verify=False)\n',
      },
      errors: [
        { line: 5, messageIncludes: 'verify_signature' },
        { line: 7, messageIncludes: 'verify_exp' },
        { line: 7, messageIncludes: 'verify_aud' },
        { line: 9, messageIncludes: 'verify=False' },
      ],
    },
    {
      name: 'spec algorithms, issuer and audience',
      files: withSpec(HEAD + 'def verify(token):\n    return jwt.decode(token, SECRET, algorithms=["HS256", "RS256"])\n'),
      errors: [
        { line: 5, file: F, messageIncludes: 'RS256' },
        { line: 5, file: F, messageIncludes: 'issuer' },
        { line: 5, file: F, messageIncludes: 'audience' },
      ],
    },
    {
      name: 'no spec: HMAC mixed with a public-key algorithm',
      files: { [F]: 'from jwt import decode as jwt_decode\n\ndef verify(token, key):\n    return jwt_decode(token, key, algorithms=["RS256", "HS256"])\n' },
      errors: [{ line: 4, messageIncludes: 'algorithm confusion' }],
    },
    {
      name: 'issuer=None and audience=None (also via a constant) check nothing',
      files: withSpec(
        HEAD +
          'NO_AUDIENCE = None\n' + // line 4
          'def verify(token):\n' + // line 5
          '    return jwt.decode(token, SECRET, algorithms=["HS256"], issuer=None, audience=NO_AUDIENCE)\n', // line 6
      ),
      errors: [
        { line: 6, file: F, column: 67, messageIncludes: 'issuer=None' },
        { line: 6, file: F, messageIncludes: 'audience=None' },
      ],
    },
    {
      name: 'options turned off through a variable, dict(), an item assignment, a module constant and PyJWT(options=...)',
      files: {
        [F]:
          HEAD +
          'from jwt import PyJWT as Decoder\n' + // 4
          'NO_EXP = {"verify_exp": False}\n' + // 5
          'decoder = Decoder(options={"verify_signature": False})\n' + // 6
          'strict = jwt.PyJWT({"verify_exp": False})\n' + // 7
          'def a(token):\n' + // 8
          '    opts = {"verify_exp": False}\n' + // 9
          '    return jwt.decode(token, SECRET, algorithms=["HS256"], options=opts)\n' + // 10
          'def b(token):\n' + // 11
          '    return jwt.decode(token, SECRET, algorithms=["HS256"], options=dict(verify_signature=False))\n' + // 12
          'def c(token):\n' + // 13
          '    opts = {"require": ["exp"]}\n' + // 14
          '    opts["verify_exp"] = False\n' + // 15
          '    return jwt.decode(token, SECRET, algorithms=["HS256"], options=opts)\n' + // 16
          'def d(token):\n' + // 17
          '    return jwt.decode(token, SECRET, algorithms=["HS256"], options={**NO_EXP, "require": ["exp"]})\n' + // 18
          'def e(token):\n' + // 19
          '    algs = ["HS256", "none"]\n' + // 20
          '    return jwt.decode(token, SECRET, algorithms=algs)\n', // 21
      },
      errors: [
        { line: 5, messageIncludes: 'verify_exp' },
        { line: 6, column: 28, messageIncludes: 'Decoder() with verify_signature False' },
        { line: 7, messageIncludes: 'jwt.PyJWT() with verify_exp False' },
        { line: 9, messageIncludes: 'verify_exp' },
        { line: 12, messageIncludes: 'verify_signature' },
        { line: 15, column: 5, messageIncludes: 'verify_exp' },
        { line: 21, messageIncludes: '"none"' },
      ],
    },
    {
      name: 'authlib: default jwt object, allow-list off the spec, claims never validated, iss and aud without a value',
      files: withSpec(
        'import os\nfrom authlib.jose import jwt, JsonWebToken\n' + // 1-2
          'SECRET = os.environ["BETTER_AUTH_SECRET"]\n' + // 3
          'strict = JsonWebToken(["HS256", "RS256"])\n' + // 4
          'open_door = JsonWebToken(["HS256", "none"])\n' + // 5
          'def a(token):\n' + // 6
          '    claims = jwt.decode(token, SECRET, claims_options={"iss": {"value": "todo-frontend"}, "aud": {"value": "todo-api"}})\n' + // 7
          '    claims.validate()\n' + // 8
          '    return claims["sub"]\n' + // 9
          'def b(token):\n' + // 10
          '    claims = strict.decode(token, SECRET, claims_options={"iss": {"essential": True}, "aud": {"essential": True}})\n' + // 11
          '    return claims["sub"]\n' + // 12
          'def c(token):\n' + // 13
          '    claims = open_door.decode(token, SECRET)\n' + // 14
          '    claims.validate()\n' + // 15
          '    return claims\n', // 16
      ),
      errors: [
        { line: 4, file: F, messageIncludes: 'RS256' },
        { line: 5, file: F, messageIncludes: '"none"' },
        { line: 7, file: F, messageIncludes: "authlib's default jwt object" },
        { line: 11, file: F, column: 14, messageIncludes: 'never validated' },
        { line: 11, file: F, messageIncludes: 'claims_options["iss"] without a value' },
        { line: 11, file: F, messageIncludes: 'claims_options["aud"] without a value' },
        { line: 14, file: F, messageIncludes: 'does not check the issuer' },
        { line: 14, file: F, messageIncludes: 'does not check the audience' },
      ],
    },
    {
      name: 'joserfc: claims never validated (kept, returned to no validating caller, read at once), a registry without iss or with an aud without a value',
      files: withSpec(
        JOSERFC + // 1-4
          'from joserfc.jwt import JWTClaimsRegistry\n' + // 5
          'NO_ISS = JWTClaimsRegistry(exp={"essential": True}, aud={"essential": True})\n' + // 6
          'def a(value):\n' + // 7
          '    token = jwt.decode(value, KEY, algorithms=["HS256"])\n' + // 8
          '    return token.claims["sub"]\n' + // 9
          'def get_claims(value):\n' + // 10
          '    return jwt.decode(value, KEY, algorithms=["HS256"]).claims\n' + // 11
          'def c(value):\n' + // 12
          '    return jwt.decode(value, KEY, algorithms=["HS256"]).claims["sub"]\n' + // 13
          'def d(value):\n' + // 14
          '    token = jwt.decode(value, KEY, algorithms=["HS256"])\n' + // 15
          '    NO_ISS.validate(token.claims)\n' + // 16
          '    return token.claims\n', // 17
      ),
      errors: [
        { line: 8, file: F, column: 13, messageIncludes: 'never validated, so exp is not checked' },
        { line: 11, file: F, messageIncludes: 'never validated' },
        { line: 13, file: F, messageIncludes: 'never validated' },
        { line: 15, file: F, messageIncludes: 'does not check the issuer' },
        { line: 15, file: F, messageIncludes: 'whose aud has no value or values' },
      ],
    },
    {
      name: 'joserfc allow-lists: none given, None, a JWSRegistry() without one, none, an algorithm off the spec (also a constant of another module)',
      files: {
        'backend/app/__init__.py': '',
        'backend/app/security.py': 'ALGORITHMS = ["HS256", "RS256"]\n',
        [F]:
        JOSERFC + // 1-4
          'from joserfc.jws import JWSRegistry\n' + // 5
          'CLAIMS = jwt.JWTClaimsRegistry(iss={"value": "todo-frontend"}, aud={"value": "todo-api"})\n' + // 6
          'def a(value):\n' + // 7
          '    CLAIMS.validate(jwt.decode(value, KEY).claims)\n' + // 8
          'def b(value):\n' + // 9
          '    CLAIMS.validate(jwt.decode(value, KEY, algorithms=None).claims)\n' + // 10
          'def c(value):\n' + // 11
          '    CLAIMS.validate(jwt.decode(value, KEY, registry=JWSRegistry()).claims)\n' + // 12
          'def d(value):\n' + // 13
          '    CLAIMS.validate(jwt.decode(value, KEY, algorithms=["HS256", "none"]).claims)\n' + // 14
          'def e(value):\n' + // 15
          '    CLAIMS.validate(jwt.decode(value, KEY, algorithms=["RS256"]).claims)\n' + // 16
          'from app.security import ALGORITHMS\n' + // 17
          'def f(value):\n' + // 18
          '    CLAIMS.validate(jwt.decode(value, KEY, registry=JWSRegistry(algorithms=ALGORITHMS)).claims)\n', // 19
        'specs/features/authentication.md': SPEC,
      },
      errors: [
        { line: 8, file: F, column: 21, messageIncludes: 'no explicit algorithms= allow-list: joserfc then accepts any of its recommended algorithms' },
        { line: 10, file: F, column: 55, messageIncludes: 'no explicit algorithms= allow-list' },
        { line: 12, file: F, messageIncludes: 'no explicit algorithms= allow-list' },
        { line: 14, file: F, messageIncludes: 'allows the "none" algorithm' },
        { line: 16, file: F, messageIncludes: 'allows RS256, but the spec allows only HS256' },
        { line: 19, file: F, column: 76, messageIncludes: 'allows RS256, but the spec allows only HS256' },
      ],
    },
  ],
});
