/** dbt-osmosis's `--strip-eof-blank-lines`: blank lines after the last line of text are dropped. */
export function stripEofBlankLines(text: string): string {
  return text.replace(/(\r?\n)(?:[ \t]*\r?\n)+$/, '$1');
}
