import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./render-markdown.js";

describe("renderMarkdown", () => {
  it("renders the Agent Inbox description instead of printing its markdown", () => {
    const html = renderMarkdown("### disk full\n**Risk:** medium · `prod/api`\n- new: `ERROR no space`");
    expect(html).toContain("<h3>disk full</h3>");
    expect(html).toContain("<strong>Risk:</strong>");
    expect(html).toContain("<code>prod/api</code>");
    expect(html).toContain("<li>");
    expect(html).not.toContain("**");
    expect(html).not.toContain("###");
  });

  it("drops scripts, handlers and javascript: links that untrusted log text tries to smuggle in", () => {
    const html = renderMarkdown(
      'log: <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3)) <a href="https://ok.example" onclick="x()">ok</a>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<img/i);
    expect(html).toContain('href="https://ok.example"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
});
