/** The bodies of the Warpweb watch actions (docs/api.md#revisions). */
import { z } from '@hono/zod-openapi';

const MAX_PROMPT_CHARS = 10_000;

// Strict like every /v1 body; exactly one of the two ways to say what the revision is.
export const CreateRevisionSchema = z
  .strictObject({
    prompt: z.string().trim().min(1).max(MAX_PROMPT_CHARS).optional().openapi({
      description: 'What to change, in words (sent to Warpweb as the revision prompt).',
      example: 'Make the phone number larger in the header',
    }),
    apply_fix_prompts: z.literal(true).optional().openapi({
      description: "Send the warnings' suggested fix prompts (a site that is complete_with_warnings).",
    }),
  })
  .superRefine((b, ctx) => {
    const given = Number(b.prompt !== undefined) + Number(b.apply_fix_prompts !== undefined);
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: given ? ['apply_fix_prompts'] : ['prompt'],
        message: given ? 'give either prompt or apply_fix_prompts, not both' : 'give prompt or apply_fix_prompts: true',
      });
    }
  })
  .openapi('CreateRevision');
