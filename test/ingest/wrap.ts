/** Test pages' text wrapped as extracted PDF text is: fixed-width lines, cut anywhere. */
export function wrapAt(width: number): (text: string) => string[] {
  return (text) => {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
    return out;
  };
}
