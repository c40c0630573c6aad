// The Done step's "apply" line: every format is another way to deploy the same
// configuration, so their commands are alternatives (either ... or ...), not
// steps to run one after another. Saved formats come first.
import type { ExportedFile } from "../bindings/ExportedFile";

export interface ApplyChoice {
  label: string;
  command: string;
  saved: boolean;
  /** "either" for the first of several, "or" for the others, "" when there is only one. */
  joiner: "" | "either" | "or";
}

export function applyChoices(files: ExportedFile[], saved: { format: string }[]): ApplyChoice[] {
  const savedLabels = new Set(saved.map((s) => s.format));
  const withCommand = files.filter((f) => f.applyCommand.trim() !== "");
  const choices = withCommand.map((f) => ({ label: f.label, command: f.applyCommand, saved: savedLabels.has(f.label) }));
  choices.sort((a, b) => Number(b.saved) - Number(a.saved));
  const many = choices.length > 1;
  return choices.map((c, i) => ({ ...c, joiner: many ? (i === 0 ? "either" : "or") : "" }));
}
