import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './errors';
import type { ObjectRecord } from './object-store';

/** The four conditional headers of a read, by their GET names (copies send them as x-amz-copy-source-if-*). */
export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

export function readPreconditions(headers: IncomingHttpHeaders): Preconditions {
  return {
    ifMatch: headers['if-match'],
    ifNoneMatch: headers['if-none-match'],
    ifModifiedSince: headers['if-modified-since'],
    ifUnmodifiedSince: headers['if-unmodified-since'],
  };
}

export function copySourcePreconditions(headers: IncomingHttpHeaders): Preconditions {
  const header = (name: string) => {
    const value = headers[`x-amz-copy-source-${name}`];
    return Array.isArray(value) ? value.join(',') : value;
  };
  return {
    ifMatch: header('if-match'),
    ifNoneMatch: header('if-none-match'),
    ifModifiedSince: header('if-modified-since'),
    ifUnmodifiedSince: header('if-unmodified-since'),
  };
}

/**
 * Evaluates the conditions as S3 does (RFC 9110's precedence: If-Match
 * decides over If-Unmodified-Since, If-None-Match over If-Modified-Since);
 * returns the status a GET answers with instead, if any. A copy answers 412
 * where a GET answers 304.
 */
export function preconditionStatus(conditions: Preconditions, object: ObjectRecord): 304 | 412 | undefined {
  const { ifMatch, ifNoneMatch } = conditions;
  const matches = (list: string) => list.split(',').some((tag) => tag.trim() === '*' || tag.trim() === object.etag);
  const modifiedSeconds = Math.floor(object.lastModified / 1000);
  const ifUnmodified = conditions.ifUnmodifiedSince ? Date.parse(conditions.ifUnmodifiedSince) : Number.NaN;
  const ifModified = conditions.ifModifiedSince ? Date.parse(conditions.ifModifiedSince) : Number.NaN;
  if (ifMatch !== undefined && !matches(ifMatch)) return 412;
  if (ifMatch === undefined && !Number.isNaN(ifUnmodified) && modifiedSeconds > ifUnmodified / 1000) return 412;
  if (ifNoneMatch !== undefined && matches(ifNoneMatch)) return 304;
  if (ifNoneMatch === undefined && !Number.isNaN(ifModified) && modifiedSeconds <= ifModified / 1000) return 304;
  return undefined;
}

/** 412; `condition` names the header that failed (S3 says so for conditional writes and deletes). */
export function preconditionFailed(condition?: 'If-Match' | 'If-None-Match'): S3Error {
  return new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', condition ? { Condition: condition } : {});
}
