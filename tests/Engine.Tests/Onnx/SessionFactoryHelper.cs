using Engine.Onnx;
using Engine.Tests.Models;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Onnx;

internal static class SessionFactoryHelper
{
    public static OnnxSessionFactory Cpu(EngineOptions? options = null)
    {
        options ??= new EngineOptions();
        options.ExecutionProvider = ExecutionProviderKind.Cpu;
        var wrapped = Options.Create(options);
        return new OnnxSessionFactory(
            new ExecutionProviderSelector(wrapped, new ListLogger<ExecutionProviderSelector>()),
            wrapped,
            new ListLogger<OnnxSessionFactory>());
    }
}
