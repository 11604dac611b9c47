import { describe, expect, it } from "vitest";
import { isAllowed, parseRobots, sitemapLocations } from "../../worker/knowledge/crawl/robots";

describe("robots.txt", () => {
  const robots = parseRobots(
    ["# shop", "User-agent: Googlebot", "Disallow: /", "", "User-agent: *", "Disallow: /admin", "Allow: /admin/help", "Disallow: /tmp*", "Sitemap: https://shop.example/sitemap.xml"].join("\n"),
  );

  it("uses the group for every crawler when none names ours, and collects sitemaps", () => {
    expect(robots.disallow).toEqual(["/admin", "/tmp*"]);
    expect(robots.sitemaps).toEqual(["https://shop.example/sitemap.xml"]);
  });

  it("lets the longest matching rule win, allow on a tie", () => {
    expect(isAllowed(robots, "/help")).toBe(true);
    expect(isAllowed(robots, "/admin/users")).toBe(false);
    expect(isAllowed(robots, "/admin/help/faq")).toBe(true);
    expect(isAllowed(robots, "/tmp/x")).toBe(false);
  });

  it("prefers a group that names FrontdeskBot", () => {
    const mine = parseRobots("User-agent: *\nDisallow: /\n\nUser-agent: FrontdeskBot\nDisallow: /private\n");
    expect(isAllowed(mine, "/docs")).toBe(true);
    expect(isAllowed(mine, "/private/x")).toBe(false);
  });

  it("reads sitemap locations", () => {
    expect(sitemapLocations("<urlset><url><loc> https://a.example/x?a=1&amp;b=2 </loc></url><url><loc>https://a.example/y</loc></url></urlset>")).toEqual([
      "https://a.example/x?a=1&b=2",
      "https://a.example/y",
    ]);
  });
});
