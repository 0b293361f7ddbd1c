import { html } from 'htm/preact';
import type { ResourceNode, ResourceTree } from '../types.js';
import { Badge } from './badges.js';

function Node({ node, children }: { node: ResourceNode; children: Map<string | undefined, ResourceNode[]> }) {
  const kids = children.get(node.id) ?? [];
  const r = node.ref;
  return html`<li class=${node.managed ? 'managed' : 'child'} data-kind=${r.kind}>
    <div class="node">
      <span class="kind">${r.kind}</span>
      <span class="node-name">${r.namespace ? `${r.namespace}/` : ''}${r.name}</span>
      <${Badge} kind="health" value=${node.health?.status} />
      ${node.managed && html`<${Badge} kind="sync" value=${node.sync} />`}
      ${node.info && html`<span class="info">${node.info}</span>`}
      ${node.health?.message && node.health.status !== 'Healthy' && html`<span class="info">${node.health.message}</span>`}
    </div>
    ${kids.length > 0 && html`<ul>${kids.map((k) => html`<${Node} node=${k} children=${children} key=${k.id} />`)}</ul>`}
  </li>`;
}

/** The app, its objects, and under each what controllers made of it (ReplicaSets, Pods). */
export function ResourceTreeView({ tree, app }: { tree: ResourceTree; app: string }) {
  const children = new Map<string | undefined, ResourceNode[]>();
  for (const n of tree.nodes) {
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }
  const roots = children.get(undefined) ?? [];
  return html`<div class="tree">
    ${tree.error && html`<p class="error">Git could not be compared: ${tree.error}</p>`}
    <ul aria-label=${`resources of ${app}`}>
      <li class="root">
        <div class="node"><span class="kind">Application</span><span class="node-name">${app}</span></div>
        <ul>${roots.map((n) => html`<${Node} node=${n} children=${children} key=${n.id} />`)}</ul>
      </li>
    </ul>
    ${roots.length === 0 && html`<p>No objects yet.</p>`}
  </div>`;
}
