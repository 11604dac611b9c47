/** Limits of a URL source's crawl that the admin API validates against and the crawl job enforces. */

export const MAX_CRAWL_PAGES = 5_000; // the most URLs one URL source may import
