/**
 * A small CSV reader for previews (RFC 4180: quoted fields, "" escapes,
 * newlines inside quotes). Stops after `maxRows` rows; a trailing partial
 * line (a truncated preview) is dropped when `complete` is false.
 */
export function parseCsv(text: string, { maxRows = 100, complete = true } = {}): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const delimiter = guessDelimiter(text);
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  while (i < text.length && rows.length < maxRows) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += char;
      }
      i += 1;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      endRow();
      if (char === '\r' && text[i + 1] === '\n') i += 1;
    } else field += char;
    i += 1;
  }
  const cutShort = rows.length >= maxRows;
  if (!cutShort && (field !== '' || row.length > 0)) {
    // The last line: whole when the text is complete, else possibly cut mid-way.
    if (complete) endRow();
  }
  return rows;
}

/** Comma unless the first line clearly uses semicolons or tabs. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n/) === -1 ? text.length : text.search(/\r|\n/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}
