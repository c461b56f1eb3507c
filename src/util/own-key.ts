/** `table[key]` for the table's own keys only: "constructor" or "__proto__" typed by a user are not entries. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
