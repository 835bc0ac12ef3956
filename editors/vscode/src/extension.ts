// Starts `servicelint server` for Markdown and plain-text files; everything else (diagnostics,
// quick fixes, hover) is the language server's.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function serverOptions(): ServerOptions {
  const config = vscode.workspace.getConfiguration("servicelint");
  const command = config.get<string>("path", "servicelint");
  const args = ["server", ...config.get<string[]>("args", [])];
  return { command, args, transport: TransportKind.stdio };
}

async function start(): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
    ],
    synchronize: {
      // The server reads servicelint.toml itself; telling it of changes makes it lint again at once.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{servicelint.toml,.servicelint.toml}"),
    },
  };
  client = new LanguageClient("servicelint", "servicelint", serverOptions(), clientOptions);
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("servicelint.restart", async () => {
      await client?.stop();
      await start();
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
