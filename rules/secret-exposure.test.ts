import rule from './secret-exposure.js';
import { testRule } from './test-support/rule-tester.js';

const SECRET = 'Zq3v9K2mX7pL4sT8wR1yB6nC0dF5hJ2k';
const GITIGNORE = '.env\n.env.local\n';

testRule(rule, {
  valid: [
    {
      name: 'secret read on the server only; env files ignored; example file with a placeholder',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/.env.local': `BETTER_AUTH_SECRET=${SECRET}\nNEXT_PUBLIC_API_URL=http://localhost:8000\n`,
        'backend/.env': `BETTER_AUTH_SECRET=${SECRET}\n`,
        'frontend/.env.example': 'BETTER_AUTH_SECRET=your-secret-here\n',
        'frontend/lib/auth.ts': `import 'server-only';\nimport { betterAuth } from 'better-auth';\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET });\n`,
        'frontend/app/api/token/route.ts': `import { SignJWT } from 'jose';\nexport async function GET() {\n  const key = new TextEncoder().encode(process.env.BETTER_AUTH_SECRET);\n  return Response.json({ token: await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(key) });\n}\n`,
        'frontend/app/page.tsx': `'use client';\nimport { createTask } from './actions';\nimport type { Auth } from '@/lib/auth';\nexport default function Page() { return <form action={createTask} />; }\n`,
        'frontend/app/actions.ts': `'use server';\nexport async function createTask() { return process.env.BETTER_AUTH_SECRET?.length; }\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'read in a "use client" module and in a module it imports',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/components/token.tsx': `'use client';\nimport { sign } from '@/lib/sign';\nexport function T() {\n  const s = process.env.BETTER_AUTH_SECRET;\n  return <p>{sign(s)}</p>;\n}\n`,
        'frontend/lib/sign.ts': `import { conf } from './conf';\nexport const sign = (x?: string) => x + conf.a;\n`,
        'frontend/lib/conf.ts': `export const conf = { a: process.env['BETTER_AUTH_SECRET'] };\n`,
      },
      errors: [
        { file: 'frontend/components/token.tsx', line: 4, column: 13, messageIncludes: '"use client" module' },
        { file: 'frontend/lib/conf.ts', line: 1, column: 26, messageIncludes: 'frontend/components/token.tsx → frontend/lib/sign.ts → frontend/lib/conf.ts' },
      ],
    },
    {
      name: 'NEXT_PUBLIC_ variables: in code and in .env files, by name and by value',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/lib/c.ts': `export const s = process.env.NEXT_PUBLIC_BETTER_AUTH_SECRET;\n`,
        'frontend/.env.local': `BETTER_AUTH_SECRET=${SECRET}\nNEXT_PUBLIC_BETTER_AUTH_SECRET=x\nNEXT_PUBLIC_SIGNING_KEY=${SECRET}\n`,
      },
      errors: [
        { file: 'frontend/lib/c.ts', line: 1, column: 18 },
        { file: 'frontend/.env.local', line: 2, column: 1, messageIncludes: 'named after the secret' },
        { file: 'frontend/.env.local', line: 3, column: 1, messageIncludes: 'same value' },
      ],
    },
    {
      name: '.env file holding the secret that git does not ignore; next.config env',
      files: {
        '.gitignore': 'node_modules\n',
        'backend/.env': `DATABASE_URL=sqlite://\nBETTER_AUTH_SECRET=${SECRET}\n`,
        'frontend/next.config.mjs': `export default {\n  env: { AUTH_SECRET: process.env.BETTER_AUTH_SECRET },\n};\n`,
      },
      errors: [
        { file: 'backend/.env', line: 2, column: 1, messageIncludes: 'git does not ignore it' },
        { file: 'frontend/next.config.mjs', line: 2, column: 10, messageIncludes: 'next.config' },
      ],
    },
    {
      name: 'custom secretEnv from the spec',
      spec: (s) => {
        s.verification.secretEnv = 'AUTH_SECRET';
      },
      files: {
        '.gitignore': GITIGNORE,
        'frontend/app/x.tsx': `"use client";\nexport const k = process.env.AUTH_SECRET;\n`,
      },
      errors: [{ line: 2, column: 18 }],
    },
  ],
});
