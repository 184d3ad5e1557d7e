// A button that saves a file the app fetches (a CSV, an export): busy while it runs, a toast when it fails. The save
// itself (lib/save-file.ts) says where the file goes.
import { createSignal, type JSX } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { Download } from "./icons";
import { Button } from "./ui/button";

export function DownloadButton(props: {
  save: () => Promise<unknown>;
  children: JSX.Element;
  testId: string;
  size?: "sm";
  disabled?: boolean;
}) {
  const [saving, setSaving] = createSignal(false);
  return (
    <Button
      variant="outline"
      size={props.size}
      loading={saving()}
      disabled={props.disabled}
      onClick={async () => {
        setSaving(true);
        try {
          await props.save();
        } catch (e) {
          toast.error(`Couldn't export: ${errorMessage(e)}`);
        } finally {
          setSaving(false);
        }
      }}
      data-testid={props.testId}
    >
      <Download /> {props.children}
    </Button>
  );
}
