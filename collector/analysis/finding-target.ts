/** The `target` of a finding, from a described node: selector, tag and (masked) text when there is some. */
import type { FindingTarget } from "../../shared/report.ts";
import type { TargetInfo } from "./records.ts";

export function findingTarget(target: TargetInfo): FindingTarget {
  return {
    selector: target.selector,
    ...(target.tag !== "" ? { tag: target.tag } : {}),
    ...(target.text !== undefined ? { text: target.text } : {}),
  };
}

/** `button#pay ("Pay")`: how evidence lines name a target. */
export function describeForEvidence(target: TargetInfo): string {
  return target.text ? `${target.selector} ("${target.text}")` : target.selector;
}
