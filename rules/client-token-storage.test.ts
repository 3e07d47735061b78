import rule from './client-token-storage.js';
import { testRule } from './test-support/rule-tester.js';

testRule(rule, {
  valid: [
    {
      name: 'zustand persist without a token key, or with partialize leaving the token out; a storage alias for a theme',
      files: {
        'frontend/lib/store.ts': `import { create } from 'zustand';
import { persist } from 'zustand/middleware';
type Prefs = { theme: string; token: string | null; setTheme(t: string): void };
export const usePrefs = create<Prefs>()(
  persist((set) => ({ theme: 'light', token: null, setTheme: (theme) => set({ theme }) }), { name: 'prefs', partialize: (s) => ({ theme: s.theme }) }),
);
export const useUi = create<{ open: boolean }>()(persist(() => ({ open: false }), { name: 'ui' }));
const store = window.localStorage;
store.setItem('theme', 'dark');
`,
      },
    },
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
    {
      name: 'keys that only contain "token"/"auth"/"session" as part of another word, and flags stored as constants',
      files: {
        'frontend/lib/prefs.ts': `export function prefs(settings: object, themeName: string, n: number, model: string) {
  localStorage.setItem('tokenizerSettings', JSON.stringify(settings));
  const tk = localStorage.getItem('tokenizerSettings');
  localStorage.setItem(\`tokenizer:\${model}\`, JSON.stringify(settings));
  localStorage.setItem('themeToken', themeName);
  const tokens = localStorage.getItem('designTokens');
  const author = localStorage.getItem('author');
  sessionStorage.setItem('accessibility', 'high-contrast');
  localStorage.setItem('sessionCount', String(n));
  localStorage.setItem('token_seen', '1');
  const seen = localStorage.getItem('token_seen') === '1';
  localStorage.tokenHintShown = 'true';
  document.cookie = 'token_seen=1; path=/';
  const authorCookie = document.cookie.split('; ').find((c) => c.startsWith('author='));
  return { tk, tokens, author, seen, authorCookie };
}
`,
        'frontend/lib/flags.ts': `import Cookies from 'js-cookie';
const SEEN = '1';
export function dismiss() {
  Cookies.set('auth_banner_dismissed', 'true');
  Cookies.set('jwt_notice', SEEN);
  return Cookies.get('auth_banner_dismissed');
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a store module that imports nothing but zustand is still read',
      files: {
        'frontend/lib/store.ts': `import { create } from 'zustand';
import { persist } from 'zustand/middleware';
export const useAuth = create<{ token: string | null }>()(persist(() => ({ token: null }), { name: 'auth' }));
`,
      },
      errors: [{ line: 3, file: 'frontend/lib/store.ts', messageIncludes: 'zustand persist, state key `token`' }],
    },
    {
      name: 'a token in zustand persisted state, and a write through a storage alias (found by probing)',
      files: {
        'frontend/lib/store.ts': `import { create } from 'zustand';
import { persist, createJSONStorage } from 'zustand/middleware';
import { authClient } from './auth-client';
type AuthState = { token: string | null; setToken(t: string | null): void };
export const useAuth = create<AuthState>()(
  persist((set) => ({ token: null, setToken: (token) => set({ token }) }), { name: 'auth-storage' }),
);
export const useJwt = create<{ jwt: string }>()(persist(() => ({ jwt: '' }), { name: 'j', storage: createJSONStorage(() => sessionStorage) }));
export async function remember() {
  const jwt = (await authClient.token()).data?.token;
  const store = window.localStorage;
  store.setItem('api', jwt ?? '');
}
`,
      },
      errors: [
        { line: 6, file: 'frontend/lib/store.ts', messageIncludes: 'persisted to localStorage (zustand persist, state key `token`)' },
        { line: 8, file: 'frontend/lib/store.ts', messageIncludes: 'persisted to sessionStorage (zustand persist, state key `jwt`)' },
        { line: 12, file: 'frontend/lib/store.ts', messageIncludes: 'written to localStorage' },
      ],
    },
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
    {
      name: 'keys named by words (camelCase, snake, kebab) and keys held in constants',
      files: {
        'frontend/lib/session.ts': `import Cookies from 'js-cookie';
import { ACCESS_TOKEN_KEY } from './keys';
const KEY = 'auth_token';
const COOKIE = 'sid_jwt';
const KEYS = { current: 'app-bearer' } as const;
export function keep(v: string, t: string) {
  localStorage.setItem(KEY, v);
  const back = localStorage.getItem(KEY);
  Cookies.set(COOKIE, v);
  sessionStorage.setItem(KEYS.current, t);
  document.cookie = \`\${KEY}=\${t}; path=/\`;
  localStorage[KEY] = v;
  localStorage.setItem(ACCESS_TOKEN_KEY, v);
  localStorage.setItem('session_token', v);
  return [back, localStorage.getItem('authtoken'), localStorage.getItem('user-jwt')];
}
`,
      },
      errors: [
        { line: 7, column: 3, messageIncludes: 'written to localStorage' },
        { line: 8, column: 16, messageIncludes: 'read from localStorage' },
        { line: 9, column: 3, messageIncludes: 'written to a cookie' },
        { line: 10, column: 3, messageIncludes: 'written to sessionStorage' },
        { line: 11, column: 3, messageIncludes: 'written to document.cookie' },
        { line: 12, column: 3, messageIncludes: 'written to localStorage' },
        { line: 13, column: 3, messageIncludes: 'written to localStorage' },
        { line: 14, column: 3, messageIncludes: 'written to localStorage' },
        { line: 15, column: 17, messageIncludes: 'read from localStorage' },
        { line: 15, column: 52, messageIncludes: 'read from localStorage' },
      ],
    },
  ],
});
