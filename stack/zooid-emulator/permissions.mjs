// Who may do what on a virtual relay, from its config (zooid's rules):
//   - the owner (info.pubkey) and the relay's own key (pubkey of `secret`) may manage and invite;
//   - a role grants its `can_manage` / `can_invite` to the pubkeys listed in it (compared as
//     lower-case hex strings, so an upper-case entry grants nothing);
//   - the role named `member` applies to every pubkey (its `pubkeys` list does not matter) — on the archived line;
//     on the newer line what every member may do is `management.member_methods`, and the role named `member` grants
//     nothing: a member invites there only when member_methods lists `createclaim`.

import { publicKeyOf } from './keys.mjs';

export const ownerOf = (config) => (typeof config.info?.pubkey === 'string' ? config.info.pubkey.toLowerCase() : '');

function rolesOf(config, pubkey) {
  return Object.entries(config.roles ?? {})
    .filter(([name, role]) => name === 'member' || (role?.pubkeys ?? []).includes(pubkey))
    .map(([, role]) => role ?? {});
}

const isAdmin = (config, pubkey) => pubkey === ownerOf(config) || pubkey === publicKeyOf(config.secret);

export function canManage(config, pubkey) {
  return isAdmin(config, pubkey) || rolesOf(config, pubkey).some((r) => r.can_manage === true);
}

export function canInvite(config, pubkey, line = 'archived') {
  if (isAdmin(config, pubkey)) return true;
  if (line === 'newer') {
    // a manager may createclaim over NIP-86 on this line, so it is handed a claim too
    if (canManage(config, pubkey)) return true;
    if ((config.management?.member_methods ?? []).includes('createclaim')) return true;
    return Object.entries(config.roles ?? {}).some(
      ([name, role]) => name !== 'member' && role?.can_invite === true && (role.pubkeys ?? []).includes(pubkey),
    );
  }
  return rolesOf(config, pubkey).some((r) => r.can_invite === true);
}

/** Pubkeys listed with can_manage in any role other than `member` (newer line protects them). */
export function listedManagers(config) {
  const out = new Set();
  for (const [name, role] of Object.entries(config.roles ?? {})) {
    if (name !== 'member' && role?.can_manage === true)
      for (const p of role.pubkeys ?? []) out.add(String(p).toLowerCase());
  }
  return out;
}
