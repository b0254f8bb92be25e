import { describe, expect, it } from "vitest";
import { MAX_SNAPSHOT_DEPTH, scrubAttribute, scrubEvent, TRUNCATED_ATTRIBUTE } from "./scrub-attributes.ts";

const notUnmasked = { isUnmasked: () => false };

function snapshot() {
  return {
    type: 2,
    timestamp: 1,
    data: {
      node: {
        type: 0,
        childNodes: [{
          type: 2,
          tagName: "body",
          attributes: { class: "page" },
          childNodes: [
            { type: 5, textContent: " rendered for alice@example.com " },
            {
              type: 2,
              tagName: "input",
              attributes: { type: "text", placeholder: "Your email", title: "Email", "aria-label": "Mail" },
            },
            { type: 2, tagName: "input", attributes: { type: "hidden", value: "secret-token" } },
            { type: 2, tagName: "button", attributes: { value: "Buy plan", "data-user": "alice" } },
            { type: 2, tagName: "img", attributes: { alt: "Alice portrait", src: "/a.png?sig=1" } },
            { type: 2, tagName: "a", attributes: { href: "https://shop.example/p?email=a@b.co#x" } },
            {
              type: 2,
              tagName: "div",
              attributes: { "data-rerun-unmask": "" },
              childNodes: [
                { type: 2, tagName: "span", attributes: { title: "Public title" } },
                { type: 2, tagName: "input", attributes: { type: "password", value: "hunter2" } },
                { type: 2, tagName: "input", attributes: { type: "password", VALUE: "hunter3" } },
              ],
            },
          ],
        }],
      },
      initialOffset: { top: 0, left: 0 },
    },
  };
}

describe("scrubAttribute", () => {
  it("masks text attributes and data-* but keeps structural ones", () => {
    expect(scrubAttribute("placeholder", "Your name", false)).toBe("**** ****");
    expect(scrubAttribute("data-id", "42", false)).toBe("**");
    expect(scrubAttribute("class", "btn primary", false)).toBe("btn primary");
    expect(scrubAttribute("title", "Shown", true)).toBe("Shown");
  });
  it("reads an attribute's name in any case", () => {
    expect(scrubAttribute("PlaceHolder", "Your name", false)).toBe("**** ****");
    expect(scrubAttribute("DATA-ID", "42", false)).toBe("**");
    expect(scrubAttribute("HREF", "https://a.example/x?t=1", false)).toBe("https://a.example/x");
  });
  it("strips query and hash from link URLs even when unmasked", () => {
    expect(scrubAttribute("href", "https://a.example/x?t=1#y", true)).toBe("https://a.example/x");
  });
});

describe("scrubEvent", () => {
  it("masks every text-carrying attribute of a full snapshot", () => {
    const event = scrubEvent(snapshot(), notUnmasked);
    const body = event.data.node.childNodes[0]!;
    const [comment, input, hidden, button, img, link, region] = body.childNodes;
    expect(comment!.textContent).toBe(" ******** *** ***************** ");
    expect(input!.attributes).toEqual({
      type: "text",
      placeholder: "**** *****",
      title: "*****",
      "aria-label": "****",
    });
    expect(hidden!.attributes?.value).toBe("************");
    expect(button!.attributes).toEqual({ value: "*** ****", "data-user": "*****" });
    expect(img!.attributes).toEqual({ alt: "***** ********", src: "/a.png?sig=1" });
    expect(link!.attributes?.href).toBe("https://shop.example/p");
    expect(body.attributes.class).toBe("page");
    expect(region!.childNodes![0]!.attributes.title).toBe("Public title");
    expect(region!.childNodes![1]!.attributes.value).toBe("*******");
    expect(region!.childNodes![2]!.attributes.VALUE).toBe("*******");
  });
  it("masks attribute mutations and added nodes outside unmasked regions", () => {
    const event = {
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        texts: [],
        removes: [],
        adds: [{
          parentId: 5,
          nextId: null,
          node: { type: 2, tagName: "input", attributes: { placeholder: "Card" }, childNodes: [] },
        }],
        attributes: [{ id: 7, attributes: { "aria-label": "Alice", style: "color: red" } }, {
          id: 8,
          attributes: { title: "Kept" },
        }],
      },
    };
    scrubEvent(event, { isUnmasked: (id) => id === 8 });
    expect(event.data.adds[0]!.node.attributes.placeholder).toBe("****");
    expect(event.data.attributes[0]!.attributes).toEqual({ "aria-label": "*****", style: "color: red" });
    expect(event.data.attributes[1]!.attributes.title).toBe("Kept");
  });
  it("masks input events that rrweb left as they were", () => {
    const event = {
      type: 3,
      timestamp: 3,
      data: { source: 5, id: 9, text: "hidden-value", isChecked: false },
    };
    expect(scrubEvent(event, notUnmasked).data.text).toBe("************");
  });
  it("strips the page URL of meta events", () => {
    const event = {
      type: 4,
      timestamp: 4,
      data: { href: "https://shop.example/pay?card=4242#s", width: 1, height: 1 },
    };
    expect(scrubEvent(event, notUnmasked).data.href).toBe("https://shop.example/pay");
  });
  it("leaves attributes alone when attribute masking is off but still strips links", () => {
    const event = scrubEvent(snapshot(), { ...notUnmasked, maskAttributes: false });
    const [, input, , , , link] = event.data.node.childNodes[0]!.childNodes;
    expect(input!.attributes?.placeholder).toBe("Your email");
    expect(link!.attributes?.href).toBe("https://shop.example/p");
  });
  it("cuts a full snapshot below MAX_SNAPSHOT_DEPTH, marking where, and keeps every shallower node", () => {
    type Node = { type: number; tagName?: string; attributes?: Record<string, string>; childNodes?: Node[] };
    const root: Node = { type: 0, childNodes: [] };
    let parent = root;
    for (let depth = 1; depth <= 300; depth++) {
      const child: Node = {
        type: 2,
        tagName: "div",
        attributes: { title: `level ${depth}` },
        childNodes: [],
      };
      parent.childNodes!.push(child, { type: 3 });
      parent = child;
    }
    scrubEvent({ type: 2, timestamp: 1, data: { node: root } }, notUnmasked);
    let levels = 0;
    let deepest = root;
    while (deepest.childNodes?.[0]) {
      deepest = deepest.childNodes[0];
      levels++;
    }
    expect(levels).toBe(MAX_SNAPSHOT_DEPTH);
    expect(deepest.attributes).toEqual({ title: "*****" + " " + "***", [TRUNCATED_ATTRIBUTE]: "" });
    expect(JSON.stringify(root).match(new RegExp(TRUNCATED_ATTRIBUTE, "g"))).toHaveLength(1);
  });
  it("masks an iframe's srcdoc like text, in snapshots and attribute mutations, unless unmasked", () => {
    expect(scrubAttribute("srcdoc", "<p>Hi Alice</p>", false)).toBe("***** *********");
    expect(scrubAttribute("SRCDOC", "<p>Hi</p>", false)).toBe("*********");
    expect(scrubAttribute("srcdoc", "<p>Public</p>", true)).toBe("<p>Public</p>");
    const event = {
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        adds: [],
        removes: [],
        texts: [],
        attributes: [{ id: 4, attributes: { srcdoc: "<b>x</b>" } }],
      },
    };
    expect(scrubEvent(event, notUnmasked).data.attributes[0]!.attributes.srcdoc).toBe("********");
  });
});
