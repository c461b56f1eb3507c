/** Cuts text to at most `max` characters without splitting an emoji or another surrogate pair. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}
