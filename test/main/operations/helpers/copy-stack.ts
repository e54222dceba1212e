import { expect } from 'vitest';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { ClashChoice, CopyPlan, PlanCopyRequest, TransferJob } from '../../../../common/ipc';
import type { CopyService } from '../../../../main/operations/copy-service';
import type { SignedInStack } from '../../helpers/signed-in-stack';

/** What the copy tests do to the stack, in its words: put, read, list, and run a plan to its end. */
export function copyStackTools(env: SignedInStack) {
  const s3 = () => env.s3();
  const tools = {
    async put(bucket: string, key: string, body: string | Buffer, extra: { ContentType?: string; Metadata?: Record<string, string> } = {}) {
      return s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));
    },
    async head(bucket: string, key: string): Promise<HeadObjectCommandOutput | null> {
      try {
        return await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if ((error as { name?: string }).name === 'NotFound') return null;
        throw error;
      }
    },
    async text(bucket: string, key: string): Promise<string> {
      const reply = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return reply.Body!.transformToString();
    },
    /** Every key under a prefix, relative to it, sorted. */
    async keys(bucket: string, prefix: string): Promise<string[]> {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((object) => object.Key!.slice(prefix.length)));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    job(id: string): TransferJob {
      const job = env.services.transfers.list().find((candidate) => candidate.id === id);
      if (!job) throw new Error(`No job ${id} in the list.`);
      return job;
    },
    /** Waits for a job to end and for everything it started (objects under way) to settle. */
    async finished(id: string): Promise<TransferJob> {
      await expect.poll(() => tools.job(id).status, { timeout: 60_000, interval: 20 }).toMatch(/^(done|failed|cancelled)$/);
      await env.services.transfers.whenIdle();
      return tools.job(id);
    },
    /** Plans, starts with `clashes`, and waits for the end. */
    async run(copies: CopyService, request: PlanCopyRequest, clashes: ClashChoice = 'replace'): Promise<{ plan: CopyPlan; job: TransferJob }> {
      const plan = await copies.planCopy(request);
      const started = copies.startCopy({ planId: plan.planId, clashes });
      return { plan, job: await tools.finished(started.id) };
    },
  };
  return tools;
}
