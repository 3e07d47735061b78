/**
 * The probe's HTTP client: node:http(s) rather than fetch, so a request can carry two Authorization
 * header lines and exact bytes. It only talks to the origins it was given, follows no redirects,
 * counts requests against a hard limit, and gives each one a deadline.
 */
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface RequestOptions {
  method?: string;
  /** A string[] value sends one header line per element. */
  headers?: Record<string, string | string[]>;
  body?: unknown;
}

export class ProbeNetworkError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${url}: ${reason}`);
  }
}

export class ProbeLimitError extends Error {}

/** The probe could not get ready (no users, no JWKS): a usage problem, exit 2. */
export class ProbeSetupError extends Error {}

const MAX_BODY = 1024 * 1024;

export class ProbeHttp {
  private readonly origins: Set<string>;
  count = 0;

  constructor(
    allowedBaseUrls: string[],
    readonly maxRequests = 200,
    readonly timeoutMs = 5000,
  ) {
    this.origins = new Set(allowedBaseUrls.map((u) => new URL(u).origin));
  }

  async request(url: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    const target = new URL(url);
    if (!this.origins.has(target.origin)) throw new Error(`probe refused to send a request outside ${[...this.origins].join(', ')}: ${target.origin}`);
    if (this.count >= this.maxRequests) throw new ProbeLimitError(`probe request limit reached (${this.maxRequests})`);
    this.count++;
    const headers: OutgoingHttpHeaders = { ...opts.headers };
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<HttpResponse>((resolve, reject) => {
      const req = send(target, { method: opts.method ?? 'GET', headers, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY) chunks.push(c);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = undefined;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', (e) => reject(new ProbeNetworkError(target.origin, e.message)));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) => reject(new ProbeNetworkError(target.origin, e.code ? `${e.code}` : e.message)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}
