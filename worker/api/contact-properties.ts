/** Admin routes for contact property definitions: list, create (custom), read, edit, delete (custom only, with their values). */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../lib/app-env";
import { getDefinition, listDefinitions, propertyNameSchema } from "../crm/definitions";
import {
  createProperty,
  createPropertyBody,
  deleteProperty,
  updateProperty,
  updatePropertyBody,
} from "../crm/property-admin";
import { notFound } from "../lib/errors";
import { readJson } from "../lib/validate";

/** The `:name` parameter; a name that cannot exist is simply not found. */
function propertyName(c: Context<AppEnv>): string {
  const parsed = propertyNameSchema.safeParse(c.req.param("name"));
  if (!parsed.success) throw notFound("Contact property");
  return parsed.data;
}

export const contactPropertyRoutes = new Hono<AppEnv>()
  .get("/contact-properties", async (c) => c.json({ items: await listDefinitions(c.env) }))
  .post("/contact-properties", async (c) =>
    c.json(await createProperty(c.env, await readJson(c, createPropertyBody)), 201),
  )
  .get("/contact-properties/:name", async (c) => {
    const definition = await getDefinition(c.env, propertyName(c));
    if (!definition) throw notFound("Contact property");
    return c.json(definition);
  })
  .patch("/contact-properties/:name", async (c) => {
    const name = propertyName(c);
    const updated = await updateProperty(c.env, name, await readJson(c, updatePropertyBody));
    if (!updated) throw notFound("Contact property");
    return c.json(updated);
  })
  .delete("/contact-properties/:name", async (c) => {
    if (!(await deleteProperty(c.env, propertyName(c)))) throw notFound("Contact property");
    return c.body(null, 204);
  });
