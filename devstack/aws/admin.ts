import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { faultRuleSchema } from './faults';
import type { EmulatorControls } from './controls';

/**
 * Test controls over HTTP, under /__devstack/ — a path no AWS API uses and an
 * invalid bucket name, so it can never shadow S3. Only for the local stack.
 */
export const ADMIN_PREFIX = '/__devstack/';

const clockBody = z.object({ offsetSeconds: z.number().min(-86400 * 365).max(86400 * 365) }).strict();
const lifetimesBody = z
  .object({
    credentialLifetimeSeconds: z.number().int().min(1).max(43200).optional(),
    tokenLifetimeSeconds: z.number().int().min(1).max(86400).nullable().optional(),
  })
  .strict();
// Up to a week: S3's slowest retrieval (Bulk from DEEP_ARCHIVE) takes up to 48 hours.
const restoreBody = z.object({ delaySeconds: z.number().min(0).max(7 * 86400) }).strict();

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, controls: EmulatorControls): Promise<void> {
  const route = `${req.method} ${path.slice(ADMIN_PREFIX.length)}`;
  try {
    switch (route) {
      case 'GET state':
        return json(res, 200, controls.state());
      case 'PUT clock':
        controls.clock.setOffsetSeconds(clockBody.parse(await readJson(req)).offsetSeconds);
        return json(res, 200, controls.state());
      case 'PUT lifetimes':
        controls.setLifetimes(lifetimesBody.parse(await readJson(req)));
        return json(res, 200, controls.state());
      case 'PUT restore':
        controls.setRestoreDelaySeconds(restoreBody.parse(await readJson(req)).delaySeconds);
        return json(res, 200, controls.state());
      case 'POST faults':
        controls.faults.add(faultRuleSchema.parse(await readJson(req)));
        return json(res, 201, controls.state());
      case 'DELETE faults':
        controls.faults.clear();
        return json(res, 200, controls.state());
      case 'POST stats/reset':
        controls.resetStats();
        return json(res, 200, controls.state());
      default:
        return json(res, 404, { error: `No admin route '${route}'. See devstack/README.md for the controls.` });
    }
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    return json(res, 400, { error: message });
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('Admin request body too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new Error('Admin request body is not valid JSON.');
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
