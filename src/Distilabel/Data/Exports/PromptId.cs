using System.Security.Cryptography;
using System.Text;

namespace Distilabel.Data.Exports;

/// <summary>The id of a prompt in exports: the SHA-256 of its UTF-8 text, as lower-case hex (as distilabel and
/// <c>ultrafeedback_binarized</c> compute <c>prompt_id</c>).</summary>
public static class PromptId
{
    public static string Of(string prompt) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));
}
