/** `table[key]` for the table's own keys only: "constructor" or "__proto__" typed by a user are not entries. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Cuts text to at most `max` characters without splitting an emoji or another surrogate pair. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}
