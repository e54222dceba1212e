import { useMemo } from 'react';
import type { DeskApi, IpcError, IpcResult, PreviewDescriptor } from '../../../../../common/ipc';
import { useApi } from '../../../shared/ipc/api';
import { useIpcQuery, type QueryView } from '../../../shared/ipc/useIpcQuery';
import { DETAILS_DELAY_MS } from './useObjectDetails';

/** What a preview shows once main has answered: text previews carry the text fetched. */
type PreviewContent =
  | { status: 'image'; descriptor: Extract<PreviewDescriptor, { kind: 'image' }> }
  | { status: 'text'; descriptor: Extract<PreviewDescriptor, { kind: 'text' }>; text: string }
  | { status: 'unavailable'; reason: string };

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | PreviewContent
  | { status: 'error'; error: IpcError };

/**
 * A preview of the selected object: openPreview says what kind, and for text
 * the s3desk-preview: address is fetched (main streams the first bytes).
 */
export function usePreview(bucket: string, key: string | null): PreviewState & { retry: () => void } {
  const api = useApi();
  const query = useMemo(
    () => (key === null ? null : (signal: AbortSignal) => openPreview(api, bucket, key, signal)),
    [api, bucket, key],
  );
  const preview: QueryView<PreviewContent> = useIpcQuery(query, { delayMs: DETAILS_DELAY_MS });
  return preview.status === 'ready' ? { ...preview.value, retry: preview.retry } : preview;
}

async function openPreview(api: DeskApi, bucket: string, key: string, signal: AbortSignal): Promise<IpcResult<PreviewContent>> {
  const result = await api.openPreview({ bucket, key });
  if (!result.ok) return result;
  const descriptor = result.value;
  if (descriptor.kind === 'unavailable') return { ok: true, value: { status: 'unavailable', reason: descriptor.reason } };
  if (descriptor.kind === 'image') return { ok: true, value: { status: 'image', descriptor } };
  try {
    const response = await fetch(descriptor.url, { signal });
    if (!response.ok) throw new Error(`The preview couldn’t be read (${response.status}).`);
    return { ok: true, value: { status: 'text', descriptor, text: await response.text() } };
  } catch (error) {
    return { ok: false, error: { code: 'network_error', message: error instanceof Error ? error.message : String(error) } };
  }
}
