import type { _Object, ObjectStorageClass } from '@aws-sdk/client-s3';
import { decodeXML } from 'entities';
import { Parser } from 'htmlparser2';
import type { ListedPage } from './range-lister';

/** An object as ListObjectsV2 describes it, with its key always present, and its date as S3 wrote it when read from the XML. */
export type ListedS3Object = _Object & { key: string; lastModifiedText?: string };

/**
 * An object read from the XML. Its LastModified Date is made from the text
 * only when asked for: the window is sent the text (already ISO 8601), and
 * a Date per key parsed and printed again cost more than reading the key.
 */
class ListedObject implements ListedS3Object {
  key = '';
  Key?: string;
  Size?: number;
  ETag?: string;
  StorageClass?: ObjectStorageClass;
  lastModifiedText?: string;

  get LastModified(): Date | undefined {
    return this.lastModifiedText === undefined ? undefined : new Date(this.lastModifiedText);
  }
}

/** What the page needs of ListObjectsV2's reply, read straight from its XML. */
export type ListBucketResult = ListedPage<ListedS3Object>;

/** The reply was not a ListBucketResult: a proxy's page, a truncated body, another service answering. */
export class UnreadableListingError extends Error {
  override readonly name = 'UnreadableListingError';
}

const ROOT = 'ListBucketResult';
const CUT_SHORT = "The listing's answer ended before its ListBucketResult did.";

/**
 * Reads a ListObjectsV2 reply (ListBucketResult). The SDK builds a whole
 * document tree and then walks its schema: about 30 ms of CPU for a page of
 * 1,000 keys, most of the cost of listing a big folder once requests
 * overlap. This reads only the fields the app shows (key, size, date, ETag,
 * storage class, common prefixes, truncation); owners, checksums and
 * restore status are skipped. S3 writes its replies in one plain form
 * (elements without attributes, text without CDATA or comments), which a
 * scan of its tags reads in about 2 ms; any other form, still XML, goes
 * through a streaming XML parser (htmlparser2), which reads all of XML's
 * forms in about twice that. Both decode entities as XML says.
 */
export function parseListBucketResult(xml: string): ListBucketResult {
  const plain = new ResultBuilder();
  if (scanPlainForm(xml, plain)) return plain.result();
  const parsed = new ResultBuilder();
  parseAnyForm(xml, parsed);
  return parsed.result();
}

/** Collects the result from the document's elements, opened and closed in order, with the text of each leaf. */
class ResultBuilder {
  private readonly page: ListBucketResult = { objects: [], commonPrefixes: [], isTruncated: false };
  private readonly path: string[] = [];
  private object: ListedObject | null = null;
  private complete = false;

  open(name: string): void {
    this.path.push(name);
    if (this.path.length === 1 && name !== ROOT) throw new UnreadableListingError(`The listing's answer was a <${name}> document, not S3's ListBucketResult.`);
    if (this.path.length === 2 && name === 'Contents') this.object = new ListedObject();
  }

  /** The whole text of the element just opened, which holds no elements. */
  text(text: string): void {
    const path = this.path;
    const name = path[path.length - 1];
    if (path.length === 2) {
      if (name === 'IsTruncated') this.page.isTruncated = text === 'true';
      else if (name === 'NextContinuationToken') this.page.nextContinuationToken = text;
    } else if (path.length === 3 && path[1] === 'Contents' && this.object) {
      setObjectField(this.object, name!, text);
    } else if (path.length === 3 && path[1] === 'CommonPrefixes' && name === 'Prefix') {
      this.page.commonPrefixes.push(text);
    }
  }

  close(): void {
    const path = this.path;
    if (path.length === 2 && path[1] === 'Contents' && this.object) {
      if (this.object.Key === undefined) throw new UnreadableListingError('The listing named an object without its key.');
      this.page.objects.push(this.object);
      this.object = null;
    }
    path.pop();
    if (path.length === 0) this.complete = true;
  }

  /** How many elements are open (0 once the root closed). */
  get depth(): number {
    return this.path.length;
  }

  /** The innermost open element. */
  get current(): string | undefined {
    return this.path[this.path.length - 1];
  }

  result(): ListBucketResult {
    if (!this.complete) throw new UnreadableListingError("The listing's answer held no ListBucketResult.");
    return this.page;
  }
}

function setObjectField(object: ListedObject, name: string, text: string): void {
  switch (name) {
    case 'Key':
      object.key = text;
      object.Key = text;
      break;
    case 'Size':
      object.Size = Number(text);
      break;
    case 'LastModified':
      object.lastModifiedText = text;
      break;
    case 'ETag':
      object.ETag = text;
      break;
    case 'StorageClass':
      object.StorageClass = text as ObjectStorageClass;
      break;
  }
}

const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const SLASH = 0x2f;
const GREATER_THAN = 0x3e;

/**
 * S3's own form: an XML declaration, the root with its namespace, then only
 * `<Name>text</Name>` leaves and `<Name>…</Name>` containers. Answers false
 * at the first thing outside that form (an attribute, a comment, CDATA, a
 * self-closed element), and the reply is read again by the XML parser.
 */
function scanPlainForm(xml: string, builder: ResultBuilder): boolean {
  const root = xml.indexOf(`<${ROOT}`);
  if (root < 0 || xml.lastIndexOf('<!', root) >= 0) return false;
  let at = xml.indexOf('>', root) + 1;
  // `<ListBucketResult>` or `<ListBucketResult xmlns="…">`, not a longer name.
  if (at === 0 || !/[\s>]/.test(xml.charAt(root + ROOT.length + 1))) return false;
  builder.open(ROOT);
  while (builder.depth > 0) {
    const tag = xml.indexOf('<', at);
    if (tag < 0) throw new UnreadableListingError(CUT_SHORT);
    const end = xml.indexOf('>', tag);
    if (end < 0) throw new UnreadableListingError(CUT_SHORT);
    if (xml.charCodeAt(tag + 1) === SLASH) {
      // Not the element that is open: not well-formed as it stands, which the parser judges.
      if (end !== tag + 2 + builder.current!.length || !xml.startsWith(builder.current!, tag + 2)) return false;
      builder.close();
      at = end + 1;
      continue;
    }
    const name = xml.slice(tag + 1, end);
    if (!PLAIN_NAME.test(name)) return false;
    builder.open(name);
    const next = xml.indexOf('<', end + 1);
    if (next < 0) throw new UnreadableListingError(CUT_SHORT);
    if (xml.charCodeAt(next + 1) === SLASH && xml.startsWith(name, next + 2) && xml.charCodeAt(next + 2 + name.length) === GREATER_THAN) {
      const raw = xml.slice(end + 1, next);
      builder.text(raw.includes('&') ? decodeXML(raw) : raw);
      builder.close();
      at = next + name.length + 3;
    } else {
      at = end + 1;
    }
  }
  return true;
}

/** Any well-formed form of the document, through a streaming XML parser. */
function parseAnyForm(xml: string, builder: ResultBuilder): void {
  let text = '';
  let leaf = false;
  let ending = false;
  const parser = new Parser(
    {
      onopentag(name) {
        builder.open(name);
        text = '';
        leaf = true;
      },
      ontext(chunk) {
        if (leaf) text += chunk;
      },
      onclosetag(_name, isImplied) {
        // What is still open at the end of the text is closed by the parser: the body was cut short.
        // (While writing, an implied close is a self-closed element's.)
        if (isImplied && ending) throw new UnreadableListingError(CUT_SHORT);
        if (leaf) builder.text(text);
        leaf = false;
        builder.close();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  ending = true;
  parser.end();
}
