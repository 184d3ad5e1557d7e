package caravel.moderation;

import caravel.bans.BanRule;
import caravel.bans.PlatformBanStore;
import caravel.members.Members;
import caravel.names.RelayNames;

/**
 * What a ban reaches beyond the relay itself, for a relay's own bans and the platform's alike: the membership it ends
 * (and an unban may give back), the member's name at the relay, the record of platform bans an owner's decision is
 * written to, and the rule every way in asks.
 */
public record BanEffects(Members members, RelayNames names, PlatformBanStore platformBans, BanRule rule) {}
