using Distilabel.Testing;

namespace Distilabel.Cli.Tests.Durability;

/// <summary>A fact that signals the CLI with <c>kill</c> (SIGINT, SIGKILL): Linux or macOS; skipped elsewhere, failed in CI.</summary>
public sealed class PosixSignalsFactAttribute() : RealPartFactAttribute(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
    ? null
    : "POSIX signals sent with kill (SIGINT, SIGKILL): these tests run on Linux or macOS");
