using Distilabel.Testing.Redis;

namespace Distilabel.Testing;

/// <summary>A fact that needs Debian's <c>redis-server</c> (which .ci/run installs): skipped when absent, failed in CI.</summary>
public sealed class RequiresRedisFactAttribute() : RealPartFactAttribute(RedisServerProcess.Missing);
