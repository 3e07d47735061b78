import rule from './client-token-storage.js';
import { testRule } from './test-support/rule-tester.js';

testRule(rule, {
  valid: [
    {
      name: 'token kept in memory; unrelated storage use',
      files: {
        'frontend/lib/api.ts': `import { authClient } from './auth-client';
export async function request(path: string) {
  const { data } = await authClient.token();
  localStorage.setItem('theme', 'dark');
  const lang = sessionStorage.getItem('lang');
  document.cookie = 'sidebar=open; path=/';
  localStorage.removeItem('token');
  return fetch(process.env.NEXT_PUBLIC_API_URL + path, { headers: { Authorization: \`Bearer \${data?.token}\`, 'Accept-Language': lang ?? 'en' } });
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'localStorage write and read',
      files: {
        'frontend/lib/auth.ts': `import { authClient } from './auth-client';
export async function login() {
  const { data } = await authClient.token();
  localStorage.setItem('token', data!.token);
}
export function authHeader() {
  const jwt = window.localStorage.getItem('jwt');
  return { Authorization: \`Bearer \${jwt}\` };
}
`,
      },
      errors: [
        { line: 4, column: 3, messageIncludes: 'written to localStorage' },
        { line: 7, column: 15, messageIncludes: 'read from localStorage' },
      ],
    },
    {
      name: 'value named token under a neutral key; property syntax; sessionStorage',
      files: {
        'frontend/lib/store.ts': `export function save(token: string) {
  sessionStorage.setItem('k', token);
  localStorage.accessToken = token;
  return localStorage['auth'];
}
`,
      },
      errors: [
        { line: 2, column: 3, messageIncludes: 'sessionStorage' },
        { line: 3, column: 3, messageIncludes: 'written to localStorage' },
        { line: 4, column: 10, messageIncludes: 'read from localStorage' },
      ],
    },
    {
      name: 'document.cookie written and parsed by hand, js-cookie',
      files: {
        'frontend/lib/cookie.ts': `import Cookies from 'js-cookie';
export function keep(t: string) {
  document.cookie = \`token=\${t}; path=/\`;
  Cookies.set('access_token', t);
}
export function read() {
  return document.cookie.split('; ').find((c) => c.startsWith('token='))?.split('=')[1];
}
`,
      },
      errors: [
        { line: 3, column: 3, messageIncludes: 'written to document.cookie' },
        { line: 4, column: 3, messageIncludes: 'written to a cookie' },
        { line: 7, column: 10, messageIncludes: 'read from document.cookie' },
      ],
    },
  ],
});
