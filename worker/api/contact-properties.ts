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
import { pathParam, readPathParam, routeSpecs } from "../lib/route-spec";

/** The `:name` parameter; a name that cannot exist is simply not found. */
const propertyNamePath = pathParam(propertyNameSchema, () => notFound("Contact property"));
const propertyName = (c: Context<AppEnv>): string => readPathParam(c, "name", propertyNamePath);

const declare = routeSpecs("Contact properties");
const params = { name: propertyNamePath };
const DEFINITION = "{ name, label, type, options, synonyms, builtIn }";

export const contactPropertyRoutes = new Hono<AppEnv>()
  .get(
    "/contact-properties",
    declare({
      summary: "List contact property definitions (built-in and custom)",
      response: { description: `{ items: [${DEFINITION}] }` },
    }),
    async (c) => c.json({ items: await listDefinitions(c.env) }),
  )
  .post(
    "/contact-properties",
    declare({
      summary: "Create a custom contact property",
      body: createPropertyBody,
      response: { status: 201, description: DEFINITION },
    }),
    async (c) => c.json(await createProperty(c.env, c.req.valid("json")), 201),
  )
  .get(
    "/contact-properties/:name",
    declare({ summary: "Read a contact property definition", params, response: { description: DEFINITION } }),
    async (c) => {
      const definition = await getDefinition(c.env, propertyName(c));
      if (!definition) throw notFound("Contact property");
      return c.json(definition);
    },
  )
  .patch(
    "/contact-properties/:name",
    declare({
      summary: "Change a property's label, synonyms or options",
      params,
      body: updatePropertyBody,
      response: { description: DEFINITION },
    }),
    async (c) => {
      const name = propertyName(c);
      const updated = await updateProperty(c.env, name, c.req.valid("json"));
      if (!updated) throw notFound("Contact property");
      return c.json(updated);
    },
  )
  .delete(
    "/contact-properties/:name",
    declare({
      summary: "Delete a custom property and its values",
      params,
      response: { status: 204, description: "Deleted" },
    }),
    async (c) => {
      if (!(await deleteProperty(c.env, propertyName(c)))) throw notFound("Contact property");
      return c.body(null, 204);
    },
  );
