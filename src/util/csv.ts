// Moved from domain/areas.ts when area data came to be read through idn-area-data's own readers; results uploads use it.
/** Parses RFC 4180 CSV (quoted fields with commas, doubled quotes and line breaks; LF or CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const row: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        value = '';
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new Error(`CSV: unterminated quoted field in row ${rows.length + 1}`);
          value += text.slice(i, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      row.push(value);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      else if (i < n && c !== 13) throw new Error(`CSV: unexpected character after a quoted field in row ${rows.length + 1}`);
      break;
    }
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
  }
  return rows;
}
