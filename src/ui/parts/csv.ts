// CSV through papaparse: quoting, and cells a spreadsheet would run as a formula (=, +, -, @)
// kept as text; numbers stay numbers.
import Papa from "papaparse";

export type Cell = string | number | boolean | null;

export function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `${Papa.unparse({ fields: [...header], data: rows.map((r) => [...r]) }, { escapeFormulae: true, newline: "\n" })}\n`;
}
