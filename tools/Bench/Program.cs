Console.Error.WriteLine("bench: no workloads yet");
return 2;
