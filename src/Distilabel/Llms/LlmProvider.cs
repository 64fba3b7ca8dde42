namespace Distilabel.Llms;

/// <summary>Where an LLM runs.</summary>
public enum LlmProvider
{
    /// <summary>OpenAI's API (key from <c>OPENAI_API_KEY</c>).</summary>
    OpenAI,

    /// <summary>Any OpenAI-compatible server by base URL: vLLM, TGI, llama.cpp server, Ollama, Hugging Face Inference Endpoints.</summary>
    OpenAICompatible,

    /// <summary>llama.cpp in-process (LLamaSharp) with a GGUF file: needs the <c>Distilabel.LlamaCpp</c> package.</summary>
    LlamaCpp,
}
