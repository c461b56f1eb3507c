/** Cuts text to at most `max` characters without splitting an emoji or another surrogate pair. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** Cuts text to at most `max` characters, the last one an ellipsis when anything was cut (names and previews in reports). */
export function clipWithEllipsis(text: string, max: number): string {
  return [...text].length <= max ? text : `${clip(text, max - 1)}…`;
}
