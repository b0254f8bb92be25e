/**
 * Whether a submit attempt is of the form a field belongs to: by node (same page load), or, for a submit that
 * names no node, by the selector the SDK names forms by.
 */
import type { FormRef, SubmitRecord } from "./records.ts";

export function submitsForm(submit: SubmitRecord, form: FormRef): boolean {
  if (submit.formKey !== undefined) return submit.formKey === form.key;
  return submit.selector !== "" && submit.selector === form.submitSelector;
}
