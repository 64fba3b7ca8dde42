using System.ClientModel.Primitives;

namespace Distilabel.Testing.Llms;

/// <summary>A minimal PipelineResponse with a status code, to build the OpenAI SDK's ClientResultException.</summary>
public sealed class PipelineResponseStub : PipelineResponse
{
    private readonly int _status;

    private PipelineResponseStub(int status) => _status = status;

    public static PipelineResponse Create(int status) => new PipelineResponseStub(status);

    public override int Status => _status;

    public override string ReasonPhrase => _status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override Stream? ContentStream { get; set; }

    public override BinaryData Content => BinaryData.FromString("{}");

    protected override PipelineResponseHeaders HeadersCore => new EmptyHeaders();

    public override BinaryData BufferContent(CancellationToken cancellationToken = default) => Content;

    public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Content);

    public override void Dispose()
    {
    }

    private sealed class EmptyHeaders : PipelineResponseHeaders
    {
        public override IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, string>>().GetEnumerator();

        public override bool TryGetValue(string name, out string? value)
        {
            value = null;
            return false;
        }

        public override bool TryGetValues(string name, out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
