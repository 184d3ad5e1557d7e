// The Moderation section's "Automatic rules" card: each rule on or off with what it does in plain words (as the
// server says them), the blocked words and patterns one per line, and the first-posts rule's numbers. An error the
// server names by field (patterns[2]) is shown under that list with its line; nothing is lost on a refusal.
import { createEffect, createSignal, type JSX, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, errorMessage } from "~/lib/api";
import { type AutomodView, fieldOf, lineOf, lines, localProblem, type RulesField } from "~/lib/automod";
import { Async } from "../states";
import { Button } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { Input, Label, Textarea } from "../ui/input";
import { Skeleton } from "../ui/skeleton";
import { Switch } from "../ui/switch";
import { createQuery } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

export function AutomaticRulesCard(props: { relayId: string }) {
  const [rules, { mutate }] = createQuery(() => props.relayId, relayQueries.automod);
  return (
    <Card data-testid="automatic-rules">
      <CardHeader>
        <CardTitle>Automatic rules</CardTitle>
        <CardDescription>
          Caravel checks every new post on this relay against these rules within seconds. Each is off until you turn it
          on; what a rule removes goes to the moderation queue, where it can be put back.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Async resource={rules} loading={<Skeleton class="h-40 w-full" />}>
          {(view) => <RulesForm view={view()} relayId={props.relayId} onSaved={(v) => mutate(v)} />}
        </Async>
      </CardContent>
    </Card>
  );
}

function RulesForm(props: { view: AutomodView; relayId: string; onSaved: (v: AutomodView) => void }) {
  const [blocked, setBlocked] = createSignal(false);
  const [words, setWords] = createSignal("");
  const [patterns, setPatterns] = createSignal("");
  const [firstPosts, setFirstPosts] = createSignal(false);
  const [count, setCount] = createSignal("1");
  const [days, setDays] = createSignal("7");
  const [error, setError] = createSignal<{ field: RulesField; message: string } | null>(null);
  const [saving, setSaving] = createSignal(false);
  const saveRules = useWrite(relayWrites.saveAutomod);
  createEffect(() => {
    const v = props.view;
    setBlocked(v.blocked_enabled);
    setWords(v.words.join("\n"));
    setPatterns(v.patterns.join("\n"));
    setFirstPosts(v.first_posts_enabled);
    setCount(String(v.first_posts_count));
    setDays(String(v.first_posts_days));
  });
  const at = (f: RulesField) => (error()?.field === f ? error()!.message : null);
  const save = async (e: Event) => {
    e.preventDefault();
    const w = lines(words());
    const p = lines(patterns());
    const local = localProblem(w, p, props.view.limits);
    if (local) {
      setError({ field: "patterns", message: local });
      return;
    }
    setSaving(true);
    try {
      const saved = await saveRules(props.relayId, {
        blocked_enabled: blocked(),
        words: w,
        patterns: p,
        first_posts_enabled: firstPosts(),
        first_posts_count: Number(count()),
        first_posts_days: Number(days()),
      });
      setError(null);
      props.onSaved(saved);
      toast.success("Automatic rules saved; they apply to the next post.");
    } catch (err) {
      const field = fieldOf(err);
      const line = err instanceof ApiError ? lineOf(err.field) : null;
      setError({ field, message: line ? `Line ${line}: ${errorMessage(err)}` : errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="grid grid-cols-1 gap-5" onSubmit={save}>
      <ul class="grid gap-1 text-sm text-muted-foreground" data-testid="automod-summary">
        {props.view.summary.map((s) => (
          <li>{s}</li>
        ))}
      </ul>
      <div class="grid gap-3">
        <Switch
          checked={blocked()}
          onChange={setBlocked}
          testId="automod-blocked"
          label="Remove posts with blocked words"
          description="A post containing one of these words, or matching one of these patterns, is removed and its author told why."
        />
        <div class="grid gap-3 sm:grid-cols-2">
          <TermsField
            list="words"
            label="Blocked words, one per line"
            value={words()}
            onInput={setWords}
            error={at("words")}
          >
            Whole words, any letter case: "ham" blocks "Ham!" but not "hamster". A line of several words blocks that
            phrase.
          </TermsField>
          <TermsField
            list="patterns"
            label="Blocked patterns, one per line"
            class="font-mono"
            value={patterns()}
            onInput={setPatterns}
            error={at("patterns")}
          >
            Regular expressions (RE2), any letter case, at most {props.view.limits.max_pattern} characters each;{" "}
            {props.view.limits.max_terms} words and patterns in all.
          </TermsField>
        </div>
      </div>
      <div class="grid gap-3">
        <Switch
          checked={firstPosts()}
          onChange={setFirstPosts}
          testId="automod-first-posts"
          label="Hold new members' first posts for review"
          description="Their first posts are taken off the relay and wait in the queue until someone of the team puts them back."
        />
        <div class="flex flex-wrap items-end gap-3 text-sm">
          <NumberField
            id="automod-count"
            label="Posts held"
            max={props.view.limits.max_first_posts}
            value={count()}
            onInput={setCount}
            invalid={!!at("first_posts_count")}
          />
          <NumberField
            id="automod-days"
            label="Member is new for (days)"
            max={props.view.limits.max_days}
            value={days()}
            onInput={setDays}
            invalid={!!at("first_posts_days")}
          />
        </div>
        <Show when={at("first_posts_count") ?? at("first_posts_days")}>
          <p class="text-sm text-destructive" role="alert">
            {at("first_posts_count") ?? at("first_posts_days")}
          </p>
        </Show>
      </div>
      <Show when={at("form")}>
        <p class="text-sm text-destructive" role="alert">
          {at("form")}
        </p>
      </Show>
      <div>
        <Button type="submit" disabled={saving()} data-testid="automod-save">
          {saving() ? "Saving…" : "Save rules"}
        </Button>
      </div>
    </form>
  );
}

/** One list of blocked terms: its labelled box, how its lines are read (the children), and what the server refused in it. */
function TermsField(props: {
  list: "words" | "patterns";
  label: string;
  class?: string;
  value: string;
  onInput: (text: string) => void;
  error: string | null;
  children: JSX.Element;
}) {
  const id = () => `automod-${props.list}`;
  return (
    <div class="grid gap-1.5">
      <Label for={id()}>{props.label}</Label>
      <Textarea
        id={id()}
        data-testid={id()}
        class={props.class}
        rows={5}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={`${id()}-help`}
      />
      <p id={`${id()}-help`} class="text-xs text-muted-foreground">
        {props.children}
      </p>
      <Show when={props.error}>
        <p class="text-sm text-destructive" role="alert" data-testid={`${id()}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

/** One of the first-posts rule's numbers: at least 1, at most what the server allows. */
function NumberField(props: {
  id: string;
  label: string;
  max: number;
  value: string;
  onInput: (text: string) => void;
  invalid: boolean;
}) {
  return (
    <div class="grid gap-1.5">
      <Label for={props.id}>{props.label}</Label>
      <Input
        id={props.id}
        type="number"
        min={1}
        max={props.max}
        class="w-24"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={props.invalid ? "true" : undefined}
      />
    </div>
  );
}
