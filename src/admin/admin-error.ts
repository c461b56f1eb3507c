/** A refusal with a message for the operator; the CLI prints it as one line and exits with code 1. */
export class AdminError extends Error {}
