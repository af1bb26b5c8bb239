/**
 * Markdown the responder writes (the Agent Inbox description, reports) rendered for a browser. The text
 * quotes untrusted input (log lines, alarm descriptions), so the HTML is sanitised to a small allow-list:
 * no scripts, no event handlers, no styles, links only to http(s) and never opening with the page's rights.
 */
import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

const ALLOWED = {
  allowedTags: [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: { a: ["href", "title"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https"],
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
  },
} satisfies sanitizeHtml.IOptions;

/** Safe HTML for a markdown text. Raw HTML in the source is escaped by the sanitiser's rules, not trusted. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return sanitizeHtml(html, {
    ...ALLOWED,
    allowedAttributes: { ...ALLOWED.allowedAttributes, a: [...ALLOWED.allowedAttributes.a, "rel", "target"] },
  });
}
