import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeHttp, ProbeLimitError, ProbeNetworkError } from './http.js';

let server: Server;
let base = '';


beforeAll(async () => {
  server = createServer((req, res) => {

    if (req.url === '/slow') return; // never answers
    if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://example.com/' }).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ raw: req.rawHeaders }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('ProbeHttp', () => {
  it('sends one header line per array element and parses JSON', async () => {
    const http = new ProbeHttp([base]);
    const res = await http.request(`${base}/x`, { headers: { authorization: ['Bearer a', 'Bearer b'] } });
    const raw = (res.json as { raw: string[] }).raw;
    expect(raw.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'authorization')).toHaveLength(2);
  });

  it('refuses other origins and stops at the request limit', async () => {
    const http = new ProbeHttp([base], 2);
    await expect(http.request('http://127.0.0.2:9/x')).rejects.toThrow(/outside/);
    await http.request(`${base}/1`);
    await http.request(`${base}/2`);
    await expect(http.request(`${base}/3`)).rejects.toBeInstanceOf(ProbeLimitError);
    expect(http.count).toBe(2);
  });

  it('follows no redirect and gives up after the timeout', async () => {
    const http = new ProbeHttp([base], 10, 300);
    expect((await http.request(`${base}/redirect`)).status).toBe(302);
    const started = Date.now();
    await expect(http.request(`${base}/slow`)).rejects.toBeInstanceOf(ProbeNetworkError);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
