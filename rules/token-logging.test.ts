import { testRule } from './test-support/rule-tester.js';
import rule from './token-logging.js';

const F = 'backend/app/auth.py';
const HEAD = 'import jwt\nimport logging\nlogger = logging.getLogger(__name__)\n';

testRule(rule, {
  valid: [
    {
      name: 'user id, lengths and unrelated values',
      files: {
        [F]:
          HEAD +
          'def verify(token: str) -> str:\n' +
          '    logger.debug("token length %d", len(token))\n' +
          '    payload = jwt.decode(token, "k", algorithms=["HS256"])\n' +
          '    logger.info("authenticated %s", payload["sub"])\n' +
          '    print(f"user {payload.get(\'sub\')}")\n' +
          '    return payload["sub"]\n' +
          'def other(payload: dict):\n' +
          '    print("request body", payload)\n',
      },
    },
  ],
  invalid: [
    {
      name: 'token, credentials in an f-string, Authorization header, payload',
      files: {
        [F]:
          HEAD +
          'def verify(token: str, creds, request) -> str:\n' + // 4
          '    print(token)\n' + // 5
          '    logger.info(f"checking {creds.credentials}")\n' + // 6
          '    logging.warning("auth header: %s", request.headers["Authorization"])\n' + // 7
          '    data = jwt.decode(token, "k", algorithms=["HS256"])\n' + // 8
          '    logging.getLogger("x").debug("claims: " + str(data))\n' + // 9
          '    print("prefix", token[:12])\n' + // 10
          '    return data["sub"]\n',
      },
      errors: [
        { line: 5, column: 5, messageIncludes: 'a token' },
        { line: 6, messageIncludes: 'creds.credentials' },
        { line: 7, messageIncludes: 'Authorization header' },
        { line: 9, messageIncludes: 'decoded JWT payload' },
        { line: 10 },
      ],
    },
  ],
});
