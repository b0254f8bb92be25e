/**
 * The one gate before anything leaves the machine for an external LLM. Without an explicit
 * `--confirm-external-llm-export`, nothing is sent (SPEC §5).
 */
import { CliError } from "../errors.ts";

export function assertExternalExportConfirmed(confirmed: boolean, provider: string): void {
  if (confirmed) return;
  throw new CliError(
    "external_export_refused",
    `--llm would send this session's redacted report and narrative to ${provider}; nothing was sent. ` +
      "Re-run with --confirm-external-llm-export if that is allowed for this data.",
  );
}
