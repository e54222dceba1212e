import { request, type Agent } from 'node:http';

export type PostOutcome =
  | { kind: 'answer'; status: number; body: unknown; milliseconds: number }
  | { kind: 'network'; reason: string; milliseconds: number };

/** Generous: a request this slow is stuck, not merely slow under load. */
const REQUEST_TIMEOUT_MS = 60_000;

/** POSTs JSON and reads the JSON answer (204 and non-JSON bodies read as null), timing the whole exchange. */
export function postJson(agent: Agent, baseUrl: string, path: string, payload: unknown): Promise<PostOutcome> {
  const url = new URL(path, baseUrl);
  const body = JSON.stringify(payload);
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise((resolve) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', (error) => resolve({ kind: 'network', reason: networkReason(error), milliseconds: elapsed() }));
        answer.on('end', () => {
          resolve({ kind: 'answer', status: answer.statusCode ?? 0, body: parseJson(Buffer.concat(chunks).toString('utf8')), milliseconds: elapsed() });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', (error) => resolve({ kind: 'network', reason: networkReason(error), milliseconds: elapsed() }));
    outgoing.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function networkReason(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : error.message === 'timeout' ? 'timeout' : 'error';
}

/** The contract's error code of an answer, or "" when it has none. */
export function errorCode(body: unknown): string {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : '';
}

/** The refresh token of a Session answer, or undefined when the answer is not one. */
export function refreshTokenOf(body: unknown): string | undefined {
  const token = (body as { refreshToken?: unknown } | null)?.refreshToken;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}
