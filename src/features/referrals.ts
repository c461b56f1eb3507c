import type { RegistrationDraft } from '../../flows/registration.ts';
import type { CommandHandler, MenuEntry } from '../engine/bot.ts';
import { type CommandId, commandWords } from '../engine/command-table.ts';
import type { TurnMeta } from '../engine/flow-types.ts';
import type { FlowDefinition } from '../engine/run-flow.ts';
import { registerAsWanted, withdrawCommand } from './referrals/commands.ts';
import { type ReferralDeps, referralContext } from './referrals/context.ts';
import { completeRegistration, registrationFlow, withdrawFlow } from './referrals/flows.ts';
import { showStatus } from './referrals/status.ts';

export type { ReferralDeps } from './referrals/context.ts';

/** Registration, status and withdrawal: the flows and menu entries, wired to the database. */
export function referralFeature(deps: ReferralDeps): {
  flows: FlowDefinition[];
  menu: MenuEntry[];
  commands: Partial<Record<CommandId, CommandHandler>>;
  /** The registration's last step outside the flow (bench/peer's wizard calls it). */
  submitRegistration: (draft: RegistrationDraft, meta: TurnMeta) => { code: string };
} {
  const ctx = referralContext(deps);
  const menu: MenuEntry[] = [
    {
      id: 'register_other',
      titleKey: 'menu.register_other',
      words: commandWords('register_other'),
      run: (t) => t.startFlow('registration', { forWhom: 'other' }),
      onIntent: registerAsWanted,
    },
    {
      id: 'register_self',
      titleKey: 'menu.register_self',
      words: commandWords('register_self'),
      run: (t) => t.startFlow('registration', { forWhom: 'self' }),
    },
    { id: 'status', titleKey: 'menu.status', words: commandWords('status'), run: (t) => showStatus(ctx, t) },
  ];
  const withdraw: CommandHandler = (turn, typed) => withdrawCommand(ctx, turn, typed);
  return {
    flows: [registrationFlow(ctx), withdrawFlow(ctx)],
    menu,
    commands: { withdraw },
    submitRegistration: (draft, meta) => completeRegistration(ctx, draft, meta),
  };
}
