/**
 * Describes a node at the moment something happened to it. Node ids restart with every page load, so a
 * description is taken right away, while the node map still holds that page, and carries a key that is
 * unique within the session (`<page load>:<node id>`).
 */
import type { NodeMap } from "./node-map.ts";
import type { FormRef, TargetInfo } from "./records.ts";

/** Describes node `id` of page load `load`; `actionable` climbs to the button or link that holds it. */
export function describeTarget(
  map: NodeMap,
  opts: { load: number; id: number; actionable: boolean },
): TargetInfo {
  const id = opts.actionable ? map.actionableOf(opts.id) : opts.id;
  const node = map.get(id);
  const textField = map.isTextField(id);
  const text = node && !textField ? map.textOf(id) : "";
  const traits = map.traitsOf(id);
  const formId = traits.formId;
  const form: FormRef | undefined = formId === undefined ? undefined : {
    key: `${opts.load}:${formId}`,
    selector: map.selectorFor(formId),
    submitSelector: map.submitSelectorFor(formId),
    ignoreAbandon: map.ignoresAbandon(formId),
  };
  // Optional fields are set afterwards: spreading them into the literal costs more than the rest of the
  // description, and this runs for every click and most inputs.
  const info: TargetInfo = {
    key: `${opts.load}:${id}`,
    selector: map.selectorFor(id),
    tag: node?.tag ?? "",
    textField,
    select: traits.select,
    contentEditable: traits.contentEditable,
    navigatingLink: traits.navigatingLink,
    download: traits.download,
    newTab: traits.newTab,
    canvasOrMedia: traits.canvasOrMedia,
    root: map.isRoot(id),
    stepper: traits.stepper,
    ignoreRage: traits.ignoreRage,
  };
  if (text !== "") info.text = text;
  if (form) info.form = form;
  return info;
}
