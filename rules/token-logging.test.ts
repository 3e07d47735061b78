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
    {
      name: 'the unverified header (alg, kid), header lookups and a condition on the token',
      files: {
        [F]:
          HEAD +
          'def verify(token: str, request) -> str:\n' +
          '    logger.debug("header %s", jwt.get_unverified_header(token))\n' +
          '    logger.debug("kid %s", jwt.get_unverified_header(token)["kid"])\n' +
          '    logger.info("agent %s", request.headers.get("user-agent"))\n' +
          '    logger.info("request id %s", request.headers["x-request-id"])\n' +
          '    print("token present" if token else "no token")\n' +
          '    return jwt.decode(token, "k", algorithms=["HS256"])["sub"]\n',
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
    {
      name: 'loggers by what they are (structlog, logging.getLogger, loguru), a conditional expression, the request headers',
      files: {
        [F]:
          'import logging\n' + // 1
          'import structlog\n' + // 2
          'from loguru import logger as lg\n' + // 3
          'audit = structlog.get_logger()\n' + // 4
          'security = logging.getLogger(__name__)\n' + // 5
          'def verify(token: str, request, debug: bool) -> None:\n' + // 6
          '    audit.info("checking", token=token)\n' + // 7
          '    security.warning("token %s", token)\n' + // 8
          '    lg.debug(f"token {token}")\n' + // 9
          '    bound = audit.bind(path="/api")\n' + // 10
          '    bound.info("t", raw=token)\n' + // 11
          '    print(token if debug else "")\n' + // 12
          '    logging.info("headers: %s", dict(request.headers))\n' + // 13
          '    print(request.headers)\n' + // 14
          '    structlog.get_logger().info("t", token=token)\n', // 15
      },
      errors: [
        { line: 7, messageIncludes: 'a token' },
        { line: 8, messageIncludes: 'a token' },
        { line: 9, messageIncludes: 'a token' },
        { line: 11, messageIncludes: 'a token' },
        { line: 12, messageIncludes: 'a token' },
        { line: 13, messageIncludes: 'Authorization header' },
        { line: 14, messageIncludes: 'Authorization header' },
        { line: 15, messageIncludes: 'a token' },
      ],
    },
  ],
});
