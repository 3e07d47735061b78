/**
 * The routes the generated routers serve for a resource, from its collection path
 * (`/api/{user_id}/tasks`): list and create on the collection, read / update / delete on
 * `/{id}`, complete on `/{id}/complete`. One table, so probe and generator agree in one place.
 */
import type { Operation, Resource } from '../model.js';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path for a given `{user_id}` value and item id. */
  path(userId: string, itemId?: string | number): string;
}

export function collectionPath(resource: Resource, userId: string): string {
  return resource.path.replace(/\{[^}/]+\}/g, encodeURIComponent(userId)).replace(/\/+$/, '');
}

export function routeOf(resource: Resource, op: Operation): Route {
  const coll = (u: string): string => collectionPath(resource, u);
  const item = (u: string, id?: string | number): string => `${coll(u)}/${encodeURIComponent(String(id ?? ''))}`;
  switch (op) {
    case 'list':
      return { method: 'GET', path: coll };
    case 'create':
      return { method: 'POST', path: coll };
    case 'read':
      return { method: 'GET', path: item };
    case 'update':
      return { method: 'PUT', path: item };
    case 'delete':
      return { method: 'DELETE', path: item };
    case 'complete':
      return { method: 'PATCH', path: (u, id) => `${item(u, id)}/complete` };
  }
}

/** A body with every required field of the resource, values chosen by type. */
export function sampleBody(resource: Resource, label: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of resource.fields) {
    if (f.optional) continue;
    const t = f.type.replace(/\s+/g, '');
    if (t.startsWith('str')) body[f.name] = label;
    else if (t.startsWith('int')) body[f.name] = 1;
    else if (t.startsWith('float')) body[f.name] = 1.5;
    else if (t.startsWith('bool')) body[f.name] = false;
    else if (t.startsWith('datetime')) body[f.name] = new Date(0).toISOString();
    else body[f.name] = label;
  }
  return body;
}
