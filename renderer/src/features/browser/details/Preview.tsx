import { useMemo, useState } from 'react';
import { usePreview, type PreviewState } from './usePreview';
import { describeActionError } from '../actionErrors';
import { parseCsv } from './csv';
import { formatBytes } from '../../../shared/format/formatBytes';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Spinner } from '../../../shared/ui/Spinner';
import './Preview.css';

const CSV_ROWS = 50;
const CSV_COLUMNS = 20;

/** A look inside the selected object: an image, or the start of a text, JSON or CSV file. */
export function Preview({ bucket, objectKey, name }: { bucket: string; objectKey: string; name: string }) {
  const preview = usePreview(bucket, objectKey);
  return (
    <section className="preview" aria-label="Preview" data-testid="preview" aria-busy={preview.status === 'loading'}>
      <h3 className="details__heading">Preview</h3>
      <PreviewBody preview={preview} name={name} />
    </section>
  );
}

function PreviewBody({ preview, name }: { preview: PreviewState & { retry: () => void }; name: string }) {
  const [imageFailed, setImageFailed] = useState(false);
  switch (preview.status) {
    case 'idle':
      return null;
    case 'loading':
      return (
        <p className="preview__note" data-testid="preview-loading">
          <Spinner /> Loading preview…
        </p>
      );
    case 'unavailable':
      return (
        <p className="preview__note" data-testid="preview-unavailable">
          {preview.reason}
        </p>
      );
    case 'error':
      return (
        <ErrorNotice
          {...describeActionError(preview.error, 'show a preview')}
          onRetry={preview.retry}
          retryLabel="Retry"
          testId="preview-error"
        />
      );
    case 'image':
      return imageFailed ? (
        <p className="preview__note" data-testid="preview-unavailable">
          This image can’t be shown.
        </p>
      ) : (
        <div className="preview__image-frame">
          <img
            className="preview__image"
            src={preview.descriptor.url}
            alt={name}
            onError={() => setImageFailed(true)}
            data-testid="preview-image"
          />
        </div>
      );
    case 'text':
      return <TextPreview preview={preview} />;
  }
}

function TextPreview({ preview }: { preview: Extract<PreviewState, { status: 'text' }> }) {
  const { descriptor, text } = preview;
  const content = useMemo(() => {
    if (descriptor.format === 'json' && !descriptor.truncated) {
      try {
        return { kind: 'pre' as const, text: JSON.stringify(JSON.parse(text), null, 2) };
      } catch {
        return { kind: 'pre' as const, text };
      }
    }
    if (descriptor.format === 'csv') {
      const rows = parseCsv(text, { maxRows: CSV_ROWS + 1, complete: !descriptor.truncated });
      if (rows.length > 0) return { kind: 'csv' as const, rows };
    }
    return { kind: 'pre' as const, text };
  }, [descriptor, text]);

  return (
    <div className="preview__text" data-testid="preview-text" data-format={descriptor.format}>
      {descriptor.truncated ? (
        <p className="preview__note" data-testid="preview-truncated">
          Showing the first {formatBytes(descriptor.previewBytes)} of {formatBytes(descriptor.size)}
        </p>
      ) : null}
      {content.kind === 'csv' ? (
        <CsvTable rows={content.rows} />
      ) : (
        <pre className="preview__pre" tabIndex={0}>
          {content.text}
        </pre>
      )}
    </div>
  );
}

function CsvTable({ rows }: { rows: string[][] }) {
  const [header = [], ...body] = rows;
  const columns = Math.min(CSV_COLUMNS, Math.max(header.length, ...body.map((row) => row.length)));
  const cells = (row: string[]) => Array.from({ length: columns }, (_, column) => row[column] ?? '');
  return (
    <div className="preview__csv" tabIndex={0}>
      <table data-testid="preview-csv">
        <thead>
          <tr>
            {cells(header).map((cell, column) => (
              <th key={column} scope="col">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.slice(0, CSV_ROWS).map((row, index) => (
            <tr key={index}>
              {cells(row).map((cell, column) => (
                <td key={column}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
